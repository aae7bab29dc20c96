import { describe } from 'vitest';
import { streamScenario } from './scenarios/stream.ts';

describe('Chromium: events pushed to the extension', () => streamScenario('chromium'));
