import type { Reporter, TestModule } from 'vitest/node';

/**
 * Names, after the totals, every test that failed once and passed when tried again (the e2e
 * project tries a failed test once more), with what its first try failed on: a flaky test is a
 * defect to fix, and the run must say so even when it ends green.
 */
export default class SecondTryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const flaky: string[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        // A test passed after a retry still reports the errors of its failed try.
        if (result.state !== 'passed' || !test.diagnostic()?.flaky) continue;
        const why = result.errors?.[0]?.message.split('\n')[0] ?? 'no message';
        flaky.push(`  ${test.project.name} ${module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName}\n    first try: ${why}`);
      }
    }
    if (flaky.length === 0) return;
    console.log(`\n${flaky.length} passed only on a second try:\n${flaky.join('\n')}\n`);
  }
}
