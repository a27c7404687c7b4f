/** Response shapes of the capacity endpoints, typed from the server's own schemas (type-only: nothing is bundled). */
import type { Static } from '@sinclair/typebox';
import type { AtRiskJson, CapacityNoticeJson, ForecastJson, WhatIfJson } from '../../../services/api/schemas/capacity';

/** GET/POST /api/clusters/:ref/forecast */
export type ForecastView = Static<typeof ForecastJson>;
/** POST /api/clusters/:ref/forecast/what-if */
export type WhatIfAnswer = Static<typeof WhatIfJson>;
/** GET /api/capacity/at-risk */
export type AtRiskCluster = Static<typeof AtRiskJson>;
/** GET /api/clusters/:ref/capacity-notices */
export type CapacityNotice = Static<typeof CapacityNoticeJson>;
