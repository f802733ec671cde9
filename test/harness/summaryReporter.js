/**
 * Prints the plain closing line CI reads in any language ("Tests: N passed, N failed"), alone on a
 * line after jest's own summary, so a run that executed no test cannot pass unnoticed.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped ? `, ${skipped} skipped` : '';
    process.stderr.write(
      `\nTests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`,
    );
  }
}

module.exports = SummaryReporter;
