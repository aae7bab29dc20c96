import type { Bindings } from '../env.ts';
import { AnnouncingEventSink } from '../stream/announce.ts';
import { D1EventSink, type EventSink } from './event-sink.ts';
import { QueueEventSink } from './queue-sink.ts';

/** The sink routes write through; the one place that decides how hits reach storage. */
export function eventSinkFor(env: Bindings): EventSink {
  const direct = new AnnouncingEventSink(new D1EventSink(env.DB), env);
  return env.HIT_QUEUE ? new QueueEventSink(env.HIT_QUEUE, direct) : direct;
}
