import type { Bindings } from '../env.ts';
import { D1EventSink, type EventSink } from './event-sink.ts';

/** The sink routes write through; the one place that decides how hits reach storage. */
export function eventSinkFor(env: Bindings): EventSink {
  return new D1EventSink(env.DB);
}
