import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Landmark } from '../../shared/schemas/landmark-failures.ts';
import type { ComposeWindow, MailClientAdapter } from '../mail-clients/adapter.ts';
import type { LandmarkFailureReport } from '../messages.ts';
import { checkLandmarks } from './landmark-health.ts';

const adapter = { name: 'gmail', build: () => 'gmail_fe_261130.07_p1' } as unknown as MailClientAdapter;
const compose = (missing: Landmark[]) => ({ root: document.createElement('div'), missingLandmarks: () => missing }) as unknown as ComposeWindow;

describe('checkLandmarks', () => {
  let reports: LandmarkFailureReport[];
  beforeEach(() => {
    fakeBrowser.reset();
    reports = [];
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => void reports.push(message as LandmarkFailureReport));
  });

  it('says nothing and reports nothing while every landmark is there', () => {
    const problems: (string | null)[] = [];
    expect(checkLandmarks(adapter, compose([]), (words) => problems.push(words), new Set())).toEqual([]);
    expect(problems).toEqual([null]);
    expect(reports).toEqual([]);
  });

  it('says which landmark is missing and reports each kind once per page, with the build', () => {
    const problems: (string | null)[] = [];
    const reported = new Set<string>();
    checkLandmarks(adapter, compose(['send']), (words) => problems.push(words), reported);
    checkLandmarks(adapter, compose(['send']), (words) => problems.push(words), reported);
    checkLandmarks(adapter, compose(['body', 'recipients']), (words) => problems.push(words), reported);
    expect(problems[0]).toBe('Not tracked: this Gmail compose has changed and its Send button cannot be found, so the message goes out without tracking. The problem has been reported.');
    expect(reports.map((report) => report.failure)).toEqual([
      { client: 'gmail', landmarks: ['send'], build: 'gmail_fe_261130.07_p1' },
      { client: 'gmail', landmarks: ['body', 'recipients'], build: 'gmail_fe_261130.07_p1' },
    ]);
  });
});
