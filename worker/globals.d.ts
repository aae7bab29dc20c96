// Types `exports` (ctx.exports, and the tests' `exports.default`) from the Worker's main module.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('./index.ts');
  }
}

// `nodejs_als` (wrangler.toml) gives the Worker Node's AsyncLocalStorage, and nothing else of Node;
// @cloudflare/workers-types does not declare it.
declare module 'node:async_hooks' {
  export class AsyncLocalStorage<T> {
    getStore(): T | undefined;
    run<R>(store: T, callback: () => R): R;
  }
}
