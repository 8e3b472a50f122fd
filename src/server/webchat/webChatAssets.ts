import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { findProjectRoot } from '../../knowledge/readKnowledgeDir';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = 'br' | 'gzip' | 'identity';

/** A file served from memory at a path that changes when its content does (so it is cached for ever). */
export interface StaticAsset {
  readonly path: string;
  readonly contentType: string;
  readonly etag: string;
  readonly body: Buffer;
  /** The body in an encoding, compressed once on first use. */
  encoded(encoding: Encoding): Promise<Buffer>;
}

export interface WebChatAssets {
  /** The page with this response's nonce and the assets' current paths. */
  renderPage(nonce: string): string;
  /** The asset served at `path`, if any. */
  find(path: string): StaticAsset | undefined;
  readonly webChatVersion: string;
}

export interface WebChatAssetLocations {
  /** Folder with index.html, chat.js and chat.css (default: <project>/web). */
  readonly webDir: string;
  /** botframework-webchat's package folder (default: resolved from node_modules). */
  readonly webChatPackageDir: string;
}

/** Where the page and Web Chat's bundle are, found from this module (works from src/ and dist/). */
export function defaultAssetLocations(): WebChatAssetLocations {
  // The package exports only its entry points: find its folder from the CommonJS one (lib/index.js).
  const entry = require.resolve('botframework-webchat');
  return { webDir: join(findProjectRoot(), 'web'), webChatPackageDir: join(dirname(entry), '..') };
}

function createAsset(path: string, contentType: string, body: Buffer): StaticAsset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const cache = new Map<Encoding, Promise<Buffer>>();
  const encoded = (encoding: Encoding): Promise<Buffer> => {
    if (encoding === 'identity') return Promise.resolve(body);
    let found = cache.get(encoding);
    if (!found) {
      found =
        encoding === 'br'
          ? brotli(body, {
              params: {
                [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
                [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            })
          : gzipAsync(body, { level: 9 });
      cache.set(encoding, found);
    }
    return found;
  };
  return { path, contentType, etag, body, encoded };
}

function versioned(name: string, body: Buffer): string {
  return `/webchat/${createHash('sha256').update(body).digest('hex').slice(0, 12)}/${name}`;
}

/** Reads the page, its script and style and Web Chat's full bundle once, at start-up. */
export function loadWebChatAssets(
  locations: WebChatAssetLocations = defaultAssetLocations(),
): WebChatAssets {
  const template = readFileSync(join(locations.webDir, 'index.html'), 'utf8');
  const script = readFileSync(join(locations.webDir, 'chat.js'));
  const style = readFileSync(join(locations.webDir, 'chat.css'));
  const packageJson: unknown = JSON.parse(
    readFileSync(join(locations.webChatPackageDir, 'package.json'), 'utf8'),
  );
  const version: unknown =
    typeof packageJson === 'object' && packageJson !== null
      ? Reflect.get(packageJson, 'version')
      : undefined;
  if (typeof version !== 'string' || !/^[0-9A-Za-z.+-]+$/.test(version))
    throw new Error('botframework-webchat has no readable version in its package.json');
  // The full bundle: webchat-minimal.js has no Adaptive Cards and no markdown.
  const bundle = readFileSync(join(locations.webChatPackageDir, 'dist', 'webchat.js'));

  const assets = [
    createAsset(versioned('chat.js', script), 'text/javascript; charset=utf-8', script),
    createAsset(versioned('chat.css', style), 'text/css; charset=utf-8', style),
    createAsset(
      `/webchat/botframework-webchat-${version}/webchat.js`,
      'text/javascript; charset=utf-8',
      bundle,
    ),
  ] as const;
  const byPath = new Map(assets.map((asset) => [asset.path, asset] as const));
  const [chatJs, chatCss, webChatJs] = assets;

  const page = template
    .replaceAll('{{CHAT_JS}}', chatJs.path)
    .replaceAll('{{CHAT_CSS}}', chatCss.path)
    .replaceAll('{{WEBCHAT_JS}}', webChatJs.path);
  if (!page.includes('{{NONCE}}'))
    throw new Error(`${join(locations.webDir, 'index.html')} has no {{NONCE}} placeholder`);

  return {
    renderPage: (nonce: string) => page.replaceAll('{{NONCE}}', nonce),
    find: (path: string) => byPath.get(path),
    webChatVersion: version,
  };
}
