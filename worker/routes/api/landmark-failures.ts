import { Hono } from 'hono';
import { landmarkFailureSchema, type Landmark } from '../../../shared/schemas/landmark-failures.ts';
import type { AppEnv } from '../../env.ts';
import { ApiError } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';
import { landmarkFailureKinds, landmarkHealth, recordLandmarkFailure } from '../../landmarks/landmark-failures.ts';

/** Mounted at `/api/landmark-failures`. */
export const landmarkFailures = new Hono<AppEnv>();

/**
 * `POST /api/landmark-failures`: the sender's extension found a compose without its body, Send or
 * recipient fields, and sent that message untracked. Counted per sender, client, landmarks, build.
 */
landmarkFailures.post('/', validate('json', landmarkFailureSchema), async (c) => {
  await recordLandmarkFailure(c.env.DB, c.get('sender').accountId, c.req.valid('json'), new Date()).run();
  return c.body(null, 204);
});

/**
 * `GET /api/landmark-failures` (admins): when each client's landmarks last failed, and every kind
 * of failure seen with how many senders met it, so a webmail redesign is known within minutes.
 */
landmarkFailures.get('/', async (c) => {
  if (c.get('sender').role !== 'admin') throw new ApiError(403, 'forbidden', 'Only an admin can see landmark failures.');
  const [clients, kinds] = await Promise.all([landmarkHealth(c.env.DB), landmarkFailureKinds(c.env.DB)]);
  return c.json({
    clients,
    failures: kinds.map((row) => ({
      client: row.client,
      landmarks: row.landmarks.split(',') as Landmark[],
      build: row.build || null,
      firstAt: row.first_at,
      lastAt: row.last_at,
      reports: row.reports,
      senders: row.senders,
    })),
  });
});
