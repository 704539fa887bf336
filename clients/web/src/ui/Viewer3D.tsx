import { useEffect, useRef, useState } from 'preact/hooks';
import { drawable, type Entity } from '../lib/model';
import type { SceneController } from '../lib/scene';
import { count } from '../lib/text';
import { Spinner } from './common';

/**
 * The 3D view: geometry and mesh entities that have something to draw (three.js, loaded on
 * first use so the rest of the page does not wait for it). Entities without drawable
 * properties are listed below it.
 */
export function Viewer3D({ entities, selected, onSelect }: { entities: Entity[]; selected: string | null; onSelect: (id: string | null) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const controller = useRef<SceneController | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'unsupported'>('loading');
  const [problem, setProblem] = useState<string | null>(null);
  const pick = useRef(onSelect);
  pick.current = onSelect;

  useEffect(() => {
    let disposed = false;
    import('../lib/scene')
      .then(({ SceneController }) => {
        if (disposed || !host.current) {
          return;
        }
        try {
          controller.current = new SceneController(host.current, (id) => pick.current(id));
          setState('ready');
        } catch (e) {
          setProblem(e instanceof Error ? e.message : String(e));
          setState('unsupported');
        }
      })
      .catch((e) => {
        setProblem(String(e));
        setState('unsupported');
      });
    return () => {
      disposed = true;
      controller.current?.dispose();
      controller.current = null;
    };
  }, []);

  useEffect(() => {
    controller.current?.update(entities);
  }, [entities, state]);
  useEffect(() => {
    controller.current?.highlight(selected);
  }, [selected, state]);

  const shown = entities.filter((e) => drawable(e));
  const listed = entities.filter((e) => (e.type === 'geometry' || e.type === 'mesh') && !drawable(e));
  const summary = shown.length
    ? `3D view of ${count(shown.length, 'entity', 'entities')}: ${shown.map((e) => e.name).join(', ')}`
    : 'Nothing to draw yet';

  return (
    <div class="viewer">
      <div class="viewer-stage" ref={host} role="group" aria-label={summary}>
        {state === 'loading' && (
          <p class="viewer-note">
            <Spinner /> Loading the 3D view…
          </p>
        )}
        {state === 'unsupported' && (
          <p class="viewer-note" role="status">
            This browser cannot show the 3D view (WebGL is not available{problem ? `: ${problem}` : ''}). The entities are listed in the tree.
          </p>
        )}
        {state === 'ready' && shown.length === 0 && <p class="viewer-note viewer-overlay">No geometry or mesh with a shape yet.</p>}
      </div>
      <div class="viewer-bar">
        <button type="button" class="button button-small" disabled={state !== 'ready'} onClick={() => controller.current?.fit()}>
          Fit view
        </button>
        <button type="button" class="button button-small" disabled={state !== 'ready'} onClick={() => controller.current?.zoom(0.8)} aria-label="Zoom in">
          +
        </button>
        <button type="button" class="button button-small" disabled={state !== 'ready'} onClick={() => controller.current?.zoom(1.25)} aria-label="Zoom out">
          −
        </button>
        <span class="muted small viewer-count">
          {shown.length} drawn{listed.length ? ` · not drawable: ${listed.map((e) => e.name).join(', ')}` : ''}
        </span>
      </div>
    </div>
  );
}
