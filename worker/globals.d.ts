// Types `exports` (ctx.exports, and the tests' `exports.default`) from the Worker's main module.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('./index.ts');
  }
}
