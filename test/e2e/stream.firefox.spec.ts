import { describe } from 'vitest';
import { streamScenario } from './scenarios/stream.ts';

describe('Firefox: events pushed to the extension', () => streamScenario('firefox'));
