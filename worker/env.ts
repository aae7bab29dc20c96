/** The Worker's bindings (wrangler.toml). */
export interface Bindings {
  DB: D1Database;
  /** Public origin of this Worker for the URLs it hands out; empty = the request's origin. */
  PUBLIC_URL: string;
}

export interface Sender {
  accountId: string;
  email: string;
  role: 'admin' | 'sender';
}

export type AppEnv = { Bindings: Bindings; Variables: { sender: Sender } };
