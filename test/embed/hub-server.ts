import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * Local stand-ins for the Hugging Face hub on 127.0.0.1, so download paths are tested without the
 * network. `serveModel` answers `/<model>/resolve/main/<file>` from a folder and 404s the rest;
 * `serveNothing` accepts requests and never answers.
 */
export interface TestHub {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export function serveModel(model: string, folder: string): Promise<TestHub> {
  const prefix = `/${model}/resolve/main/`;
  return listen((request, response, requests) => {
    const url = decodeURIComponent(request.url ?? '');
    requests.push(url);
    const file = url.startsWith(prefix) ? path.normalize(url.slice(prefix.length)) : null;
    if (!file || file.startsWith('..')) return void response.writeHead(404).end();
    readFile(path.join(folder, file)).then(
      (body) => response.writeHead(200, { 'content-length': body.length }).end(request.method === 'HEAD' ? undefined : body),
      () => response.writeHead(404).end(),
    );
  });
}

export function serveNothing(): Promise<TestHub> {
  return listen((request, _response, requests) => void requests.push(request.url ?? ''));
}

function listen(
  handle: (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse, requests: string[]) => void,
): Promise<TestHub> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => handle(request, response, requests));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        requests,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
