import { describe, expect, it } from 'vitest';
import {
  COLLECTION_CHANNEL_MOBILE,
  COLLECTION_CHANNEL_PAPER,
  COLLECTION_MODE_FACE_TO_FACE,
  COLLECTION_MODE_HOME_VISIT,
  COLLECTION_MODE_PHONE,
  PERSON_STATUS_NORMAL,
  codes,
  type CodeList,
} from '@canji/form';

const entry = (list: CodeList, code: number) => list.entries.find((e) => e.code === code);

describe('named cover codes are entries of the code lists, with their certainty', () => {
  it.each([
    ['PERSON_STATUS_NORMAL', codes.personStatus, PERSON_STATUS_NORMAL, '正常', false],
    ['COLLECTION_MODE_HOME_VISIT', codes.collectionMode, COLLECTION_MODE_HOME_VISIT, '入户调查', false],
    ['COLLECTION_MODE_PHONE', codes.collectionMode, COLLECTION_MODE_PHONE, '电话调查', false],
    ['COLLECTION_MODE_FACE_TO_FACE', codes.collectionMode, COLLECTION_MODE_FACE_TO_FACE, '见面调查', true],
    ['COLLECTION_CHANNEL_PAPER', codes.collectionChannel, COLLECTION_CHANNEL_PAPER, '纸质表', true],
    ['COLLECTION_CHANNEL_MOBILE', codes.collectionChannel, COLLECTION_CHANNEL_MOBILE, '移动终端（APP）', true],
  ] as const)('%s', (_, list, code, label, provisional) => {
    const e = entry(list, code);
    expect(e?.label).toBe(label);
    expect(e?.provisional === true).toBe(provisional);
  });
});
