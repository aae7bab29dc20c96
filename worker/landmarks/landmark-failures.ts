import { LANDMARKS, MAIL_CLIENTS, type Landmark, type LandmarkFailure, type LandmarkHealth, type MailClient } from '../../shared/schemas/landmark-failures.ts';

/** The missing landmarks in one order, so that one set is one row however it was reported. */
function landmarkKey(landmarks: readonly Landmark[]): string {
  return LANDMARKS.filter((landmark) => landmarks.includes(landmark)).join(',');
}

export function recordLandmarkFailure(db: D1Database, accountId: string, failure: LandmarkFailure, at: Date): D1PreparedStatement {
  const now = at.toISOString();
  return db
    .prepare(
      `INSERT INTO landmark_failures (account_id, client, landmarks, build, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, client, landmarks, build) DO UPDATE SET last_at = excluded.last_at, reports = reports + 1`,
    )
    .bind(accountId, failure.client, landmarkKey(failure.landmarks), failure.build ?? '', now, now);
}

interface FailureRow {
  client: MailClient;
  landmarks: string;
  build: string;
  first_at: string;
  last_at: string;
  reports: number;
  senders: number;
}

/** Every kind of failure seen (client, landmarks, build), newest first, summed over senders. */
export async function landmarkFailureKinds(db: D1Database): Promise<FailureRow[]> {
  const rows = await db
    .prepare(
      `SELECT client, landmarks, build, MIN(first_at) AS first_at, MAX(last_at) AS last_at, SUM(reports) AS reports, COUNT(*) AS senders
         FROM landmark_failures GROUP BY client, landmarks, build ORDER BY last_at DESC LIMIT 100`,
    )
    .all<FailureRow>();
  return rows.results;
}

/** Per client, its latest failure: what broke and in which build (nothing about who). */
export async function landmarkHealth(db: D1Database): Promise<Record<MailClient, LandmarkHealth | null>> {
  const latest = await Promise.all(
    MAIL_CLIENTS.map((client) =>
      db
        .prepare('SELECT client, landmarks, build, last_at FROM landmark_failures WHERE client = ? ORDER BY last_at DESC LIMIT 1')
        .bind(client)
        .first<Pick<FailureRow, 'client' | 'landmarks' | 'build' | 'last_at'>>(),
    ),
  );
  return Object.fromEntries(
    MAIL_CLIENTS.map((client, i) => {
      const row = latest[i];
      return [client, row ? { client, lastFailedAt: row.last_at, landmarks: row.landmarks.split(',') as Landmark[], build: row.build || null } : null];
    }),
  ) as Record<MailClient, LandmarkHealth | null>;
}
