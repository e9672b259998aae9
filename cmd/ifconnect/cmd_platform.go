package main

// runPlatform is replaced by the real command when its issue lands.
var runPlatform = pending("platform", "The TecBan platform sandbox.")
