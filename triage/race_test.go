//go:build race

package triage

// raceDetector is set when the tests run with -race, which makes the screen about ten times
// slower: TestFastSameAsReference then compares a sample of its messages.
const raceDetector = true
