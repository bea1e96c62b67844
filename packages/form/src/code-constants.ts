/**
 * Named codes of the cover items (核查状态, 调查方式, 采集渠道) that programs branch on. Each is a
 * code of a list in `codes.ts` — `satisfies CodeOf<…>` fails to compile if the list loses it, and
 * a test ties each to its label — so indicators, synth and rules read the same value. No code here
 * is new: they name entries of the code lists, with the lists' certainty.
 */
import type { CodeOf, codes } from './codes.js';

type PersonStatusCode = CodeOf<typeof codes.personStatus>;
type CollectionModeCode = CodeOf<typeof codes.collectionMode>;
type CollectionChannelCode = CodeOf<typeof codes.collectionChannel>;

/**
 * 核查状态 6 = 正常: the person was found and the full form is filled; any other status fills only
 * the identity and closing block (docs/guides/form-reconstruction.md §3.0; S8 codes, S5 `perSta == 6`).
 *
 * @example
 * ```ts
 * import { PERSON_STATUS_NORMAL } from '@canji/form';
 * PERSON_STATUS_NORMAL; //=> 6
 * ```
 */
export const PERSON_STATUS_NORMAL = 6 satisfies PersonStatusCode;

/**
 * 调查方式 1 = 入户调查 (home visit; S8, docs/guides/form-reconstruction.md §3.0).
 *
 * @example
 * ```ts
 * import { COLLECTION_MODE_HOME_VISIT } from '@canji/form';
 * COLLECTION_MODE_HOME_VISIT; //=> 1
 * ```
 */
export const COLLECTION_MODE_HOME_VISIT = 1 satisfies CollectionModeCode;

/**
 * 调查方式 2 = 电话调查 (by phone; S8 spells it 电话采访).
 *
 * @example
 * ```ts
 * import { COLLECTION_MODE_PHONE } from '@canji/form';
 * COLLECTION_MODE_PHONE; //=> 2
 * ```
 */
export const COLLECTION_MODE_PHONE = 2 satisfies CollectionModeCode;

/**
 * 调查方式 3 = 见面调查 (face to face, not at home). PROVISIONAL, as in the code list: the mode is
 * named in the news (S3) but its code value is inferred.
 *
 * @example
 * ```ts
 * import { COLLECTION_MODE_FACE_TO_FACE } from '@canji/form';
 * COLLECTION_MODE_FACE_TO_FACE; //=> 3
 * ```
 */
export const COLLECTION_MODE_FACE_TO_FACE = 3 satisfies CollectionModeCode;

/**
 * 采集渠道 1 = 纸质表 (paper form). PROVISIONAL, as in the code list: no official code was seen;
 * the value is this project's convention.
 *
 * @example
 * ```ts
 * import { COLLECTION_CHANNEL_PAPER } from '@canji/form';
 * COLLECTION_CHANNEL_PAPER; //=> 1
 * ```
 */
export const COLLECTION_CHANNEL_PAPER = 1 satisfies CollectionChannelCode;

/**
 * 采集渠道 2 = 移动终端（APP）(the collection app; S5, S20 APP采集率). PROVISIONAL, as in the code
 * list: no official code was seen; the value is this project's convention.
 *
 * @example
 * ```ts
 * import { COLLECTION_CHANNEL_MOBILE } from '@canji/form';
 * COLLECTION_CHANNEL_MOBILE; //=> 2
 * ```
 */
export const COLLECTION_CHANNEL_MOBILE = 2 satisfies CollectionChannelCode;
