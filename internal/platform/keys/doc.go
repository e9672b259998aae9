// Package keys keeps the platform's token-signing keys: RSA keys (PS256, FAPI 1.0 Advanced §8.6)
// persisted in the platform database so every replica signs with, and publishes, the same keys.
// Rotation makes a new key current at once and keeps the retired one in the JWKS for an overlap
// period, so id_tokens signed just before a rotation still verify; after the overlap the old key
// leaves the JWKS. Private keys are stored as PEM in the database: this is the sandbox's
// authorization server, not a production HSM.
package keys
