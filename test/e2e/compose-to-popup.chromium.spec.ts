import { describe } from 'vitest';
import { composeToPopup } from './scenarios/compose-to-popup.ts';

describe('Chromium: compose to popup', () => composeToPopup('chromium'));
