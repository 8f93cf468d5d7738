/** The camera page where a child signs in by holding up their badge. */
export const BADGE_SIGN_IN_PATH = '/badge';
