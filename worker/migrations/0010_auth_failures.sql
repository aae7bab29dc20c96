-- Failed API authentications per client network (IPv4 /24, IPv6 /48) and fixed window: past a
-- limit, the network's API calls answer 429 until the window ends (worker/auth/auth-failures.ts).
-- Windows are pruned by the 15-minute cron.
CREATE TABLE auth_failures (
  network TEXT NOT NULL,
  window_start TEXT NOT NULL,
  failures INTEGER NOT NULL,
  PRIMARY KEY (network, window_start)
) WITHOUT ROWID;
