export const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];

/** Categories OpenAI's omni model also judges on images. */
export const IMAGE_CATEGORIES: ReadonlySet<ModerationCategory> = new Set([
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'violence',
  'violence/graphic',
]);

/** A sub-category implies its parent, as OpenAI's classifier tends to report. */
export const PARENT_CATEGORY: Partial<Record<ModerationCategory, ModerationCategory>> = {
  'harassment/threatening': 'harassment',
  'hate/threatening': 'hate',
  'illicit/violent': 'illicit',
  'self-harm/intent': 'self-harm',
  'self-harm/instructions': 'self-harm',
  'sexual/minors': 'sexual',
  'violence/graphic': 'violence',
};

/** Lowercase phrases matched on word boundaries; small on purpose, enough for demos and tests. */
export const MODERATION_KEYWORDS: Record<ModerationCategory, readonly string[]> = {
  harassment: ['idiot', 'stupid', 'moron', 'loser', 'pathetic', 'worthless', 'shut up', 'nobody likes you'],
  'harassment/threatening': ['watch your back', 'i will hurt you', 'you will regret', 'i will find you'],
  hate: ['subhuman', 'vermin', 'inferior race', 'go back to your country'],
  'hate/threatening': ['exterminate them', 'wipe them out', 'should all be killed'],
  illicit: ['shoplift', 'steal', 'counterfeit', 'launder money', 'hack into', 'buy drugs', 'cocaine'],
  'illicit/violent': ['make a bomb', 'build a bomb', 'pipe bomb', 'untraceable gun', 'buy a gun illegally'],
  'self-harm': ['hurt myself', 'cut myself', 'suicide', 'self harm', 'self-harm'],
  'self-harm/intent': ['i want to die', 'kill myself', 'end my life'],
  'self-harm/instructions': ['how to kill myself', 'ways to self harm', 'how to cut myself'],
  sexual: ['sex', 'porn', 'nude', 'naked', 'explicit content'],
  'sexual/minors': ['child porn', 'underage sex', 'minor nude'],
  violence: ['kill', 'murder', 'attack', 'stab', 'shoot', 'punch', 'beat them', 'hurt'],
  'violence/graphic': ['gore', 'blood everywhere', 'dismember', 'decapitate', 'mutilated'],
};
