// Package seed generates deterministic, realistic data for a fictional Brazilian bank and loads it
// through core.Importer: personal and business customers with valid and unique CPF/CNPJ, addresses
// with real cities and their IBGE codes, checking, savings, prepaid and credit-card accounts with
// 12 months or more of statement lines (PIX, TED, boleto, card, salary, fees) that sum to each
// balance, credit contracts (loans, financings, invoice financings, unarranged overdrafts) with their
// terms, schedules and repayments, the UK-style standing data of the Bank Connect AIS contract, and
// internet-banking users with argon2id password hashes.
//
// Everything is derived from Options.Seed and Options.Now: the same options always give the same
// batches, byte for byte, so tests, demos and benchmarks agree on what the bank holds. A few named
// demo users (ana, bruno, carla, diego, eduardo) exist under every seed with documented passwords and
// properties; Result.DemoUsers describes them and `ifconnect seed` writes them to demo-users.json,
// which other tools read with ReadDemoUsers.
package seed
