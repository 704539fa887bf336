/**
 * The three.js scene of the 3D view: geometry boxes (origin, size, colour of the material
 * they refer to), triangle meshes (shaded faces and their edges), mesh bounds and point sets; orbit controls (drag, wheel, arrow keys);
 * picking by click; a camera fitted to what is drawn. It renders on demand, only when
 * something changed, so an idle project view costs nothing.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { colorOf, drawable, isVector, triangleMesh, type Entity } from './model';

const DEFAULT_COLOR = '#8a9bb0';
const SELECTED_EDGE = 0xff6d00;
const EDGE = 0x1f2933;

export class SceneController {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(40, 1, 0.01, 1e6);
  private readonly controls: OrbitControls;
  private readonly content = new THREE.Group();
  private grid: THREE.GridHelper | null = null;
  private readonly observer: ResizeObserver;
  private drawnIds = '';
  private selected: string | null = null;
  private frame = 0;
  private down: { x: number; y: number } | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly onPick: (id: string | null) => void,
  ) {
    this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.setClearColor(0xf4f6f9);
    const canvas = this.renderer.domElement;
    canvas.tabIndex = 0;
    canvas.setAttribute('aria-label', '3D view: drag to orbit, wheel to zoom, arrow keys to pan; click an object to select it');
    canvas.classList.add('viewer-canvas-el');
    host.appendChild(canvas);

    this.camera.up.set(0, 0, 1);
    this.camera.position.set(60, -80, 60);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.listenToKeyEvents(canvas);
    this.controls.addEventListener('change', () => this.render());

    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x667788, 2.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(1, -2, 3);
    this.scene.add(sun);
    this.scene.add(this.content);
    this.scene.add(new THREE.AxesHelper(10));

    canvas.addEventListener('pointerdown', (e) => (this.down = { x: e.clientX, y: e.clientY }));
    canvas.addEventListener('pointerup', (e) => {
      if (this.down && Math.hypot(e.clientX - this.down.x, e.clientY - this.down.y) < 4) {
        this.pick(e);
      }
      this.down = null;
    });

    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(host);
    this.resize();
  }

  /** Draws the entities; fits the camera when the set of drawn entities changed. */
  update(entities: Entity[]): number {
    this.clear();
    const byId = new Map(entities.map((e) => [e.id, e]));
    const drawn: string[] = [];
    for (const entity of entities) {
      const kind = drawable(entity);
      if (!kind) {
        continue;
      }
      const material = (entity.refs ?? []).map((r) => byId.get(r)).find((e) => e?.type === 'material');
      const color = colorOf(material) ?? colorOf(entity) ?? DEFAULT_COLOR;
      const object = draw(kind, entity, color);
      object.userData.id = entity.id;
      object.traverse((o) => (o.userData.id = entity.id));
      this.content.add(object);
      drawn.push(entity.id);
    }
    const ids = drawn.sort().join(',');
    if (ids !== this.drawnIds) {
      this.drawnIds = ids;
      this.fit();
    }
    this.highlight(this.selected);
    return drawn.length;
  }

  highlight(id: string | null): void {
    this.selected = id;
    for (const object of this.content.children) {
      const on = object.userData.id === id;
      object.traverse((o) => {
        if (o instanceof THREE.LineSegments && o.userData.edge) {
          (o.material as THREE.LineBasicMaterial).color.setHex(on ? SELECTED_EDGE : EDGE);
        }
        if (o instanceof THREE.Mesh) {
          (o.material as THREE.MeshStandardMaterial).emissive.setHex(on ? 0x442200 : 0x000000);
        }
      });
    }
    this.render();
  }

  /** Puts the camera where it sees everything drawn. */
  fit(): void {
    const bounds = new THREE.Box3().setFromObject(this.content);
    if (bounds.isEmpty()) {
      bounds.set(new THREE.Vector3(-10, -10, 0), new THREE.Vector3(10, 10, 5));
    }
    const center = bounds.getCenter(new THREE.Vector3());
    const size = bounds.getSize(new THREE.Vector3());
    const radius = Math.max(size.length() / 2, 1e-3);
    const distance = radius / Math.sin(THREE.MathUtils.degToRad(this.camera.fov / 2)) * 0.9;
    const direction = new THREE.Vector3(0.9, -1.3, 1.0).normalize();
    this.camera.position.copy(center).addScaledVector(direction, distance);
    this.camera.near = distance / 100;
    this.camera.far = distance * 100;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(center);
    this.controls.update();

    if (this.grid) {
      this.scene.remove(this.grid);
      this.grid.dispose();
    }
    const extent = niceStep(Math.max(size.x, size.y, 1) * 2);
    this.grid = new THREE.GridHelper(extent, 20, 0xb0bac5, 0xd5dbe2);
    this.grid.rotateX(Math.PI / 2);
    this.grid.position.set(center.x, center.y, bounds.min.z - 1e-3);
    this.scene.add(this.grid);
    this.render();
  }

  zoom(factor: number): void {
    const offset = this.camera.position.clone().sub(this.controls.target).multiplyScalar(factor);
    this.camera.position.copy(this.controls.target).add(offset);
    this.controls.update();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.observer.disconnect();
    this.controls.dispose();
    this.clear();
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }

  private render(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.renderer.render(this.scene, this.camera));
  }

  private resize(): void {
    const width = Math.max(1, this.host.clientWidth);
    const height = Math.max(1, this.host.clientHeight);
    this.renderer.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  private pick(event: PointerEvent): void {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const pointer = new THREE.Vector2(((event.clientX - rect.left) / rect.width) * 2 - 1, -((event.clientY - rect.top) / rect.height) * 2 + 1);
    const ray = new THREE.Raycaster();
    ray.setFromCamera(pointer, this.camera);
    const hit = ray.intersectObjects(this.content.children, true).find((h) => h.object instanceof THREE.Mesh || h.object instanceof THREE.Points);
    this.onPick(hit ? (hit.object.userData.id as string) : null);
  }

  private clear(): void {
    for (const object of [...this.content.children]) {
      object.traverse((o) => {
        if (o instanceof THREE.Mesh || o instanceof THREE.LineSegments || o instanceof THREE.Points) {
          o.geometry.dispose();
          (o.material as THREE.Material).dispose();
        }
      });
      this.content.remove(object);
    }
  }
}

function draw(kind: NonNullable<ReturnType<typeof drawable>>, entity: Entity, color: string): THREE.Object3D {
  switch (kind) {
    case 'box':
      return box(entity, color);
    case 'triangles':
      return triangles(entity, color);
    case 'bounds':
      return bounds(entity);
    case 'points':
      return points(entity, color);
  }
}

function box(entity: Entity, color: string): THREE.Object3D {
  const p = entity.properties as { origin: number[]; size: number[] };
  const [sx, sy, sz] = p.size.map((v) => Math.max(Math.abs(v), 1e-4));
  const geometry = new THREE.BoxGeometry(sx, sy, sz);
  const mesh = new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color, roughness: 0.55, metalness: 0.1, transparent: true, opacity: 0.92 }));
  const edges = new THREE.LineSegments(new THREE.EdgesGeometry(geometry), new THREE.LineBasicMaterial({ color: EDGE }));
  edges.userData.edge = true;
  const group = new THREE.Group();
  group.add(mesh, edges);
  group.position.set(p.origin[0] + p.size[0] / 2, p.origin[1] + p.size[1] / 2, p.origin[2] + p.size[2] / 2);
  return group;
}

/**
 * A triangle mesh: shaded faces and every triangle's edges. Both sides are lit, since a
 * mesh's triangles need not all wind the same way, and flat shading shows each facet (shared
 * vertices would otherwise smooth the normals over sharp edges).
 */
function triangles(entity: Entity, color: string): THREE.Object3D {
  const mesh = triangleMesh(entity)!;
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(mesh.positions, 3));
  geometry.setIndex(mesh.indices);
  geometry.computeVertexNormals();
  const faces = new THREE.Mesh(
    geometry,
    new THREE.MeshStandardMaterial({ color, roughness: 0.6, metalness: 0.05, side: THREE.DoubleSide, flatShading: true, polygonOffset: true, polygonOffsetFactor: 1, polygonOffsetUnits: 1 }),
  );
  // The polygon offset pushes the faces back a little so that the edges on them are not hidden.
  const edges = new THREE.LineSegments(new THREE.WireframeGeometry(geometry), new THREE.LineBasicMaterial({ color: EDGE }));
  edges.userData.edge = true;
  const group = new THREE.Group();
  group.add(faces, edges);
  return group;
}

function bounds(entity: Entity): THREE.Object3D {
  const b = (entity.properties as { bounds: { min: number[]; max: number[] } }).bounds;
  const size = b.max.map((v, i) => Math.max(Math.abs(v - b.min[i]), 1e-4));
  const edges = new THREE.LineSegments(new THREE.EdgesGeometry(new THREE.BoxGeometry(size[0], size[1], size[2])), new THREE.LineBasicMaterial({ color: EDGE }));
  edges.userData.edge = true;
  edges.position.set((b.min[0] + b.max[0]) / 2, (b.min[1] + b.max[1]) / 2, (b.min[2] + b.max[2]) / 2);
  return edges;
}

function points(entity: Entity, color: string): THREE.Object3D {
  const list = ((entity.properties as { points: unknown[] }).points ?? []).filter(isVector);
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(list.flat(), 3));
  return new THREE.Points(geometry, new THREE.PointsMaterial({ color, size: 8, sizeAttenuation: false }));
}

function niceStep(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const scaled = value / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}
