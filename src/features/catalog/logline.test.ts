import { describe, expect, it } from 'vitest';
import { logline, sentences } from './logline.js';

// Openings of real synopses from the demo catalog (data/demo/films.json.gz, Wikipedia text under CC BY-SA 4.0).
const GOOD_DEEDS =
  'Good Deeds is a 2012 American romantic drama film written, co-produced, directed by and starring Tyler Perry with the rest of the cast consisting of Thandiwe Newton, Brian White, Rebecca Romijn, Jamie Kennedy, Phylicia Rashad, and Gabrielle Union. It tells the story of a CEO of a family-owned company who befriends a cleaning lady and falls for her.';
const SCAR_HANAN =
  'Scar Hanan is a 1925 American silent Western film directed by Edward Linden and Ben F. Wilson and starring Yakima Canutt, Dorothy Wood and Helen Broneau.';
const TO_FLY =
  "To Fly! is a 1976 American short docudrama film by Greg MacGillivray and Jim Freeman of MacGillivray Freeman Films. It was the premiere film of the National Air and Space Museum's giant-screen IMAX theater, which opened for the museum's current building to celebrate the United States Bicentennial. The film chronicles the history of aviation in the US and its effects on humanity.";
const DEVIL_CONSPIRACY =
  'The Devil Conspiracy is a 2022 science fiction horror film written and produced by Ed Alan and directed by Nathan Frankowski. It stars Alice Orr-Ewing, Joe Doyle, Eveline Hall, Peter Mensah, Joe Anderson, Spencer Wilding, Brian Caspe and James Faulkner.';
const GALVESTON =
  'Searching Ruins on Broadway, Galveston, for Dead Bodies is a 1900 black-and-white silent film depicting the destruction caused by the Galveston hurricane on September 8, 1900. The film was produced by Edison Studios. It depicts laborers clearing debris searching for dead bodies. A body was found during the search.';
const WONKA =
  'Wonka is an upcoming musical fantasy film directed by Paul King, who co-wrote the screenplay with Simon Farnaby. The film serves as a prequel to the 1964 novel Charlie and the Chocolate Factory by Roald Dahl and stars Timothée Chalamet as the titular character, following his early days as an eccentric chocolatier.';

describe('logline', () => {
  it('prefers the sentence that says what happens, without "It tells the story of"', () => {
    expect(logline(GOOD_DEEDS)).toBe(
      'The story of a CEO of a family-owned company who befriends a cleaning lady and falls for her.',
    );
    expect(logline(TO_FLY)).toBe('The film chronicles the history of aviation in the US and its effects on humanity.');
    expect(logline(GALVESTON)).toBe('It depicts laborers clearing debris searching for dead bodies.');
  });

  it('skips the filing sentence and the credits for any other sentence', () => {
    expect(logline(WONKA)).toMatch(/^The film serves as a prequel to the 1964 novel Charlie and the Chocolate/);
    expect(logline(WONKA).length).toBeLessThanOrEqual(110);
    expect(logline(WONKA)).toMatch(/…$/);
  });

  it('else trims the filing sentence to what follows "X is a YEAR COUNTRY"', () => {
    expect(logline(SCAR_HANAN)).toMatch(/^Silent Western film directed by Edward Linden and Ben F\. Wilson/);
    expect(logline(DEVIL_CONSPIRACY)).toMatch(/^Science fiction horror film written and produced by Ed Alan/);
    for (const text of [SCAR_HANAN, DEVIL_CONSPIRACY, GOOD_DEEDS, WONKA]) expect(logline(text)).not.toMatch(/ is an? /);
  });

  it('keeps a synopsis that is not a Wikipedia opening as it is, and says nothing for none', () => {
    expect(logline('A drifter arrives in a town that has stopped all its clocks.')).toBe(
      'A drifter arrives in a town that has stopped all its clocks.',
    );
    expect(logline('')).toBe('');
  });

  it('does not end a sentence at an initial or a title', () => {
    expect(sentences(SCAR_HANAN)).toHaveLength(1);
    expect(sentences('Directed by J. Stuart Blackton. Mr. Smith goes home.')).toEqual([
      'Directed by J. Stuart Blackton.',
      'Mr. Smith goes home.',
    ]);
  });
});
