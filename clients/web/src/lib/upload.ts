/**
 * A file sent to the Model in parts with Model.StageData (as the CLI does), so that a command's
 * FILE parameter can name the upload: `{upload, name, size}`. Each part is one relay message
 * (base64 in JSON, under the relay's 16 MiB frame).
 */
import type { FileValue } from './params';

/** Bytes per part: small enough for a steady progress bar, large enough for few round trips. */
export const PART_BYTES = 2 * 1024 * 1024;

/** Sends one Model.StageData message (through the relay, service "model") and answers its reply. */
export type StageSender = (message: Record<string, unknown>) => Promise<{ upload: string }>;

/** Standard base64 of bytes, without building one huge string argument list. */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Uploads `file` in parts; `onProgress` hears the bytes sent after each part. An empty file is
 * one empty part (the Model still answers an upload id). Aborting stops before the next part.
 */
export async function stageFile(
  file: Blob & { name: string },
  send: StageSender,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
  partBytes = PART_BYTES,
): Promise<FileValue> {
  let upload: string | undefined;
  let offset = 0;
  do {
    signal?.throwIfAborted();
    const part = new Uint8Array(await file.slice(offset, offset + partBytes).arrayBuffer());
    const message: Record<string, unknown> = { action: 'Model.StageData', data: base64(part) };
    if (upload) message.upload = upload;
    const reply = await send(message);
    if (typeof reply?.upload !== 'string' || !reply.upload) {
      throw new Error('the model answered no upload id');
    }
    upload = reply.upload;
    offset += part.length;
    onProgress(offset, file.size);
  } while (offset < file.size);
  return { upload: upload!, name: file.name, size: file.size };
}
