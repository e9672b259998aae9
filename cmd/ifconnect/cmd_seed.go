package main

// runSeed is replaced by the real command when its issue lands.
var runSeed = pending("seed", "Deterministic realistic data.")
