import { randomInt } from 'node:crypto';

// A password the district gives a PreK-5 child, printed on the class's credentials sheet, typed by a five-year-old
// on a Chromebook: two short words they can sound out, then two digits, all lower case, no symbols, no Shift key
// (`frogmoon42`). Letters and digits never mix inside a part, so a printed "l" is never taken for a "1".

/**
 * Animals, colours, food, things in a classroom and outdoors: 3-5 letters, words a young child knows. Left out on
 * purpose: words that sound like another spelling the child might type when the teacher reads it aloud (bear,
 * sun, pear, sea, rose, whale, root, petal…), words that can be used to mock someone (pig, cow, rat, fat…), skin
 * colours (black, brown, white…), and words that, alone or run into any other word of the list, read as something
 * rude (the unit test checks every pair).
 */
export const FIXED_PASSWORD_WORDS: readonly string[] = Object.freeze(
  [
    // animals
    'cat dog hen fox owl bat yak elk emu cub pup ram frog fish bird crab goat lamb mole newt moth mouse puppy',
    'panda koala tiger lion camel llama shark squid snail robin crow wren hawk gull otter bunny pony bison hippo',
    'rhino lemur gecko worm tuna trout clam orca wolf puma mink quail finch stork egret raven eagle crane macaw',
    'hyena okapi bug joey lark',
    // colours
    'red blue green pink gold teal lime navy aqua peach coral amber ivory mint ruby jade olive lilac rust',
    // food
    'apple pie cake jam egg rice corn bean soup milk juice bread toast honey lemon mango melon fig bagel pizza',
    'salad chips candy cocoa fudge oats yam tofu curry salsa onion kale gum cream syrup sugar salt spice guava',
    'pecan snack lunch feast bake',
    // the classroom
    'book desk pen chalk glue paper ruler chair globe map clock bell bag box paint brush easel song drum flute',
    'piano harp math note card page story mat block kite bus lamp shelf quiz cube cone moon cap sock boot coat',
    'mitt scarf vest badge stamp stick spoon cup bowl plate jar lid tray chart graph lab',
    // outdoors
    'tree leaf sky cloud snow hill lake pond river wave sand rock stone shell storm frost ice mud twig bark moss',
    'fern palm pine oak maple cedar birch reef cave cliff field trail path park farm barn nest web bud bloom lily',
    'daisy tulip poppy iris acorn vine dune fog glow gem opal pearl cove bay',
    // things and good words
    'boat ship train car van bike jet robot key door house tent bed bath soap towel comb fan phone radio wagon',
    'sled skate flag crown ring wand magic dream smile happy brave kind calm cool',
  ].flatMap((line) => line.split(' ')),
);

/** 00-99 but the two that mean something unkind on a playground or a forum. */
const NUMBERS: readonly string[] = Object.freeze(
  Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).filter((n) => n !== '69' && n !== '88'),
);

/**
 * The guesses an attacker who knows the list and the shape needs: 277² × 98 ≈ 7.5 million, about 22.8 bits. Enough
 * for an account that sign-in throttling guards and that holds a child's school apps, not enough on its own for
 * anyone older, which is why only PreK-5 get one.
 */
export const FIXED_PASSWORD_BITS = Math.log2(FIXED_PASSWORD_WORDS.length ** 2 * NUMBERS.length);

const pick = (list: readonly string[]) => list[randomInt(list.length)]!;

/** A new fixed password a young child can type: two short words from a kid-safe list and two digits. */
export function newFixedPassword(): string {
  return pick(FIXED_PASSWORD_WORDS) + pick(FIXED_PASSWORD_WORDS) + pick(NUMBERS);
}

const WORDS = new Set(FIXED_PASSWORD_WORDS);

/**
 * A fixed password's two words and its digits (`frogmoon42` → frog, moon, 42), for a sheet that prints them in two
 * inks so a child sees where one word ends; anything else (a password from before this list) comes back whole.
 */
export function fixedPasswordParts(password: string): string[] {
  const shape = /^([a-z]{6,10})(\d\d)$/.exec(password);
  if (!shape) return [password];
  const [, letters, digits] = shape as unknown as [string, string, string];
  for (let at = 3; at <= letters.length - 3; at++) {
    const first = letters.slice(0, at);
    const second = letters.slice(at);
    if (WORDS.has(first) && WORDS.has(second)) return [first, second, digits];
  }
  return [password];
}
