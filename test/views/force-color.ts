// Imported FIRST by the colour test: chalk decides its colour level when it is first evaluated,
// and under the test runner stdout is not a TTY, so without this there would be no colour to test.
process.env['FORCE_COLOR'] = '1';
