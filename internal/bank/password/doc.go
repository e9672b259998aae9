// Package password hashes and verifies internet-banking passwords. It stores them as argon2id (RFC 9106)
// in the PHC string format, $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>, with the OWASP Password
// Storage Cheat Sheet's minimum parameters (19 MiB of memory, two passes, one lane). Verification reads
// the parameters from the stored string, so the bank can raise them later: NeedsRehash tells the login
// handler to store a new hash after a successful login. Stored strings are treated as untrusted input —
// a malformed or absurdly expensive one is an error, never a panic or an out-of-memory.
package password
