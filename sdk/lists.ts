import { z } from "zod";

/** List endpoints return ids only (OVH `string[]` / `long[]`); fetch each object separately. */
export const StringIdsSchema = z.array(z.string());
export const LongIdsSchema = z.array(z.number().int());
