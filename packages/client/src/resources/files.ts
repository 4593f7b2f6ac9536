import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { BinaryResponse } from '../core/binary-response.js';
import { MultipartBody } from '../core/multipart.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { resolveUpload, type Uploadable } from '../core/uploads.js';
import { pathId, requireObject, requireOneOf } from '../core/validate.js';

export type FilePurpose = 'assistants' | 'batch' | 'fine-tune' | 'vision' | 'user_data' | 'evals';
const PURPOSES: readonly FilePurpose[] = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'];

export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: FilePurpose | (string & {});
  status?: string;
  expires_at?: number | null;
}

export interface FileCreateParams {
  /** A `File`/`Blob`, a Node `ReadStream`, `toFile(...)` or `fileFromPath(path)`; streamed, never buffered whole. */
  file: Uploadable;
  purpose: FilePurpose;
  expires_after?: { anchor: 'created_at'; seconds: number };
}

export interface FileListParams {
  purpose?: FilePurpose | (string & {});
  /** Items per page. */
  limit?: number;
  order?: 'asc' | 'desc';
  after?: string;
}

export interface FileDeleted {
  id: string;
  object: 'file';
  deleted: boolean;
}

export class Files extends APIResource {
  /**
   * Uploads a file, streaming it from disk or memory.
   *
   * @example
   * const file = await anyint.files.create({ file: await fileFromPath('corpus.jsonl'), purpose: 'batch' });
   */
  create(params: FileCreateParams, options?: RequestOptions): APIPromise<FileObject> {
    return this.json<FileObject>(async () => {
      requireObject('params', params);
      requireOneOf('purpose', params.purpose, PURPOSES);
      const file = await resolveUpload('file', params.file);
      const fields: Record<string, string | typeof file> = { purpose: params.purpose, file };
      if (params.expires_after) {
        fields['expires_after[anchor]'] = params.expires_after.anchor;
        fields['expires_after[seconds]'] = String(params.expires_after.seconds);
      }
      return { method: 'POST', path: '/files', form: new MultipartBody(fields), media: true };
    }, options);
  }

  retrieve(fileId: string, options?: RequestOptions): APIPromise<FileObject> {
    return this.json<FileObject>(
      () => ({ method: 'GET', path: `/files/${pathId('fileId', fileId)}`, namesResource: true }),
      options,
    );
  }

  /**
   * Lists files; `for await` goes through every page.
   *
   * @example
   * for await (const file of anyint.files.list({ purpose: 'batch' })) console.log(file.id);
   */
  list(params: FileListParams = {}, options?: RequestOptions): PagePromise<FileObject> {
    return this.paginate<FileObject>('/files', params, options);
  }

  delete(fileId: string, options?: RequestOptions): APIPromise<FileDeleted> {
    return this.json<FileDeleted>(
      () => ({ method: 'DELETE', path: `/files/${pathId('fileId', fileId)}`, namesResource: true }),
      options,
    );
  }

  /**
   * The file's bytes, streaming: a `Response` (as in `openai@6`) with `writeToFile(path)`, `text()`,
   * `arrayBuffer()` and `stream()`.
   *
   * @example
   * await (await anyint.files.content(batch.output_file_id)).writeToFile('output.jsonl');
   */
  content(fileId: string, options?: RequestOptions): APIPromise<BinaryResponse> {
    return this.request(
      () => ({
        method: 'GET',
        path: `/files/${pathId('fileId', fileId)}/content`,
        namesResource: true,
        media: true,
        accept: 'application/octet-stream',
        parse: async (response, route) => new BinaryResponse(response, route),
      }),
      options,
    );
  }
}
