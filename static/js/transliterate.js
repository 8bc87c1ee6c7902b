/* Rule-based Arabic -> Latin transliteration for map popups.
 * The same rules as events/transliterate.py (tests/web check they agree). */
(function (root) {
  "use strict";
  var CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ء": "'", "ؤ": "'", "ئ": "'", "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v"
  };
  var ALIFS = { "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a" };
  var WAW = "و", YA = "ي", ALIF_MAQSURA = "ى", TA_MARBUTA = "ة", SHADDA = "\u0651";
  var MARKS = /[\u064b-\u0650\u0652-\u065f\u0670\u0640]/g;
  var WORD = /[\u0621-\u064a\u0671-\u06d3\u0651]+/g;
  var PARTICLES = { al: 1, wa: 1, bin: 1, ibn: 1, abu: 1, bani: 1 };
  var DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹";

  function isConsonant(ch) { return ch !== undefined && ch !== null && Object.prototype.hasOwnProperty.call(CONSONANTS, ch); }
  function isAlif(ch) { return ch !== undefined && ch !== null && Object.prototype.hasOwnProperty.call(ALIFS, ch); }
  function repeat(s, n) { return new Array(n + 1).join(s); }

  var LEXICON = {};

  function word(w) {
    var plain = w.split(SHADDA).join("");
    if (Object.prototype.hasOwnProperty.call(LEXICON, plain)) return LEXICON[plain];
    var rest = plain.slice(2);
    if (plain.length > 3 && plain.slice(0, 2) === "ال" && Object.prototype.hasOwnProperty.call(LEXICON, rest) &&
        LEXICON[rest].slice(0, 3) !== "al-") return "al-" + LEXICON[rest];
    var prefix = "";
    var chars = Array.from(w);
    if (chars.length > 3 && chars[0] === "ا" && chars[1] === "ل") { prefix = "al-"; chars = chars.slice(2); }
    else if (chars.length > 4 && chars[0] === "و" && chars[1] === "ا" && chars[2] === "ل") { prefix = "wal-"; chars = chars.slice(3); }
    var letters = [], doubled = {};
    chars.forEach(function (c) {
      if (c === SHADDA) { if (letters.length) doubled[letters.length - 1] = true; }
      else letters.push(c);
    });
    var out = [], n = letters.length;
    for (var i = 0; i < n; i++) {
      var ch = letters[i], prev = i > 0 ? letters[i - 1] : null, nxt = i + 1 < n ? letters[i + 1] : null;
      if (isAlif(ch)) out.push(ALIFS[ch]);
      else if (ch === ALIF_MAQSURA) out.push("a");
      else if (ch === TA_MARBUTA) out.push(!out.length || !/a$/.test(out[out.length - 1]) ? "a" : "");
      else if (ch === WAW || ch === YA) {
        var consonant = ch === WAW ? "w" : "y", vowel = ch === WAW ? "u" : "i";
        if (i === 0 || isAlif(nxt) || isAlif(prev)) out.push(consonant);
        else if (ch === YA && nxt === TA_MARBUTA && isConsonant(prev)) out.push("iy");
        else if (nxt === null || isConsonant(prev) || prev === WAW || prev === YA) out.push(vowel);
        else out.push(consonant);
      } else if (isConsonant(ch)) {
        var latin = CONSONANTS[ch];
        if (latin === "'" && i === 0) latin = "";
        out.push(doubled[i] && latin.length === 1 ? repeat(latin, 2) : latin);
        var after = i + 2 < n ? letters[i + 2] : null;
        if (i === 0 && ((isConsonant(nxt) && nxt !== ch) || ((nxt === WAW || nxt === YA) && isAlif(after)))) out.push("a");
      } else out.push(ch);
    }
    return prefix + out.join("");
  }

  function capitalise(latin) {
    if (PARTICLES[latin]) return latin;
    var m = /^(al|wal)-(.*)$/.exec(latin);
    if (m) return m[1] + "-" + m[2].charAt(0).toUpperCase() + m[2].slice(1);
    var stripped = latin.replace(/^'+/, "");
    return latin.slice(0, latin.length - stripped.length) + stripped.charAt(0).toUpperCase() + stripped.slice(1);
  }

  function transliterate(text) {
    if (!text) return "";
    text = String(text).replace(MARKS, "").replace(/[٠-٩۰-۹]/g, function (d) { return String(DIGITS.indexOf(d) % 10); });
    var result = text.replace(WORD, function (w) { return capitalise(word(w)); });
    result = result.replace(/،/g, ",").replace(/؛/g, ";").replace(/؟/g, "?").replace(/\s+/g, " ").trim();
    return result ? result.charAt(0).toUpperCase() + result.slice(1) : "";
  }

  function hasArabic(text) { WORD.lastIndex = 0; return !!text && /[\u0621-\u064a\u0671-\u06d3]/.test(text); }

  // The word list lives in events/transliterate.py (LEXICON); the page passes it in.
  var lexiconEl = document.getElementById("translit-lexicon");
  if (lexiconEl) { try { LEXICON = JSON.parse(lexiconEl.textContent) || {}; } catch (e) { LEXICON = {}; } }

  root.OpsTransliterate = { transliterate: transliterate, hasArabic: hasArabic };
})(window);
