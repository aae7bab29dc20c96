import { describe } from 'vitest';
import { composeToolbar } from './scenarios/compose-toolbar.ts';

describe('Chromium: compose toolbar', () => composeToolbar('chromium'));
