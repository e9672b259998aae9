// Package journeytest drives the bank customer's web journey in a real headless Chromium against the
// real sandbox platform, assembled in-process on loopback: the platform's bank-facing mutual-TLS
// listener (headless authorization API and consent manager), the bank's journey pages on their own
// TLS listener over a seeded SQLite bank, and a stand-in TPP that lodges consents and signs request
// objects. It lives outside internal/bank because it imports the platform; the bank itself never does.
// Its tests save a screenshot of every page they visit under testdata/artifacts/ (git-ignored).
package journeytest
