// Stems the words on stdin (one per line) with the vendored Snowball Dutch stemmer.
"use strict";
const path = require("path");
const stemmer = require(path.join(__dirname, "..", "directory", "static", "vendor", "snowball-dutch.js")).newStemmer();
const words = require("fs").readFileSync(0, "utf8").split("\n");
process.stdout.write(words.map((w) => (w ? stemmer.stem(w) : "")).join("\n"));
