import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_PAYLOAD_BYTES } from '../../machines/contract/api';
import type { App } from '../app';
import type { Router } from '../api/router';

/**
 * The browser host: the same router behind HTTP on 127.0.0.1, the built renderer as static files, and a
 * WebSocket for "this changed" notifications. It is how the desk runs without Electron and how the end-to-end
 * tests drive a real Chromium.
 */
export interface BrowserHostOptions {
  app: App;
  router: Router;
  /** Folder with the built renderer (index.html + assets). */
  staticDir: string;
  port?: number;
  host?: string;
}

export interface BrowserHost {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Header every desk request carries. A page on another site cannot add it without a CORS preflight we never grant. */
export const CLIENT_HEADER = 'x-intake-client';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function contentSecurityPolicy(port: number, host = '127.0.0.1'): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://${host}:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(res: ServerResponse, port: number, host: string): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(port, host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** Reads the body, stopping (and reporting the size) as soon as it passes the limit. */
function readBody(req: IncomingMessage): Promise<{ text: string; bytes: number; tooLarge: boolean }> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      bytes += c.length;
      if (bytes > MAX_PAYLOAD_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolveBody({ text: Buffer.concat(chunks).toString('utf8'), bytes, tooLarge }));
    req.on('error', reject);
  });
}

export function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const host = opts.host ?? '127.0.0.1';
  const staticRoot = resolve(opts.staticDir);
  let port = opts.port ?? 0;
  const origin = () => `http://${host}:${port}`;
  const sockets = new Set<WebSocket>();

  const server = createServer(async (req, res) => {
    securityHeaders(res, port, host);
    const url = new URL(req.url ?? '/', origin());
    try {
      if (url.pathname.startsWith('/api/')) {
        const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
        const reject = (status: number, code: string, message: string) => {
          opts.app.logRejection(channel.slice(0, 80), null, code, message);
          sendJson(res, status, { ok: false, error: { code, message } });
        };
        if (req.method !== 'POST') return reject(405, 'invalid_payload', 'Use POST for desk requests.');
        // Sender check: only the desk page served by this host may call the API.
        const requestOrigin = req.headers.origin;
        if (req.headers[CLIENT_HEADER] !== 'desk' || (requestOrigin !== undefined && requestOrigin !== origin()))
          return reject(403, 'forbidden', 'Requests are accepted only from the intake desk served by this host.');
        const body = await readBody(req);
        if (body.tooLarge) {
          const r = await opts.router.dispatch(channel, null, null, body.bytes);
          return sendJson(res, 413, r);
        }
        let payload: unknown;
        try {
          payload = body.text ? JSON.parse(body.text) : {};
        } catch {
          return reject(400, 'invalid_payload', 'The request was not valid JSON. Nothing was saved; try again.');
        }
        const auth = req.headers.authorization;
        const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
        const result = await opts.router.dispatch(channel, payload, token, body.bytes);
        return sendJson(res, 200, result);
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.statusCode = 405;
        return res.end();
      }
      // Static renderer files; anything unknown falls back to the single page.
      const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
      let file = join(staticRoot, rel);
      if (!file.startsWith(staticRoot) || !existsSync(file) || statSync(file).isDirectory()) file = join(staticRoot, 'index.html');
      if (!existsSync(file)) {
        res.statusCode = 503;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        return res.end('The desk has not been built yet. Run "npm run build:renderer" (npm start does this for you).');
      }
      res.setHeader('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
      createReadStream(file).pipe(res);
    } catch (e) {
      sendJson(res, 500, { ok: false, error: { code: 'storage_failed', message: e instanceof Error ? e.message : String(e) } });
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin());
    const token = url.searchParams.get('token');
    if (url.pathname !== '/ws' || (req.headers.origin !== undefined && req.headers.origin !== origin()) || !opts.app.auth.userForToken(token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // The socket only pushes; anything a client sends is ignored (requests go through the validated HTTP API).
      ws.on('message', () => undefined);
    });
  });
  const unsubscribe = opts.app.onNotify((topic, id) => {
    const msg = JSON.stringify({ topic, id });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  return new Promise((resolveHost, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      port = typeof addr === 'object' && addr ? addr.port : port;
      resolveHost({
        url: origin(),
        port,
        server,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            for (const ws of sockets) ws.terminate();
            wss.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
