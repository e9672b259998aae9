package main

// runTpp is replaced by the real command when its issue lands.
var runTpp = pending("tpp", "The TPP client.")
