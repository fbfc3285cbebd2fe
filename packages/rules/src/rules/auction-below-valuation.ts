import { percent, vndEn, vndVi } from '../format';
import type { Rule } from '../rule';

const ID = 'auction-below-valuation';

/**
 * An asset sold at auction below a share of its latest valuation (Law art. 98–104). A price
 * exactly at the share is not below it. A sale of an asset never valued is not judged here.
 */
export const auctionBelowValuation: Rule<typeof ID> = {
  id: ID,
  on: ['case.asset_valued', 'case.auction_held'],
  onEvent(ctx, state, { event, at }) {
    if (event.type === 'case.asset_valued') {
      (state.valuations ??= {})[event.data.assetId] = [event.data.value, event.eventId];
      return;
    }
    if (event.type !== 'case.auction_held' || event.data.outcome !== 'sold') return;
    const valuation = state.valuations?.[event.data.assetId];
    const salePrice = event.data.salePrice;
    if (!valuation || salePrice === undefined) return;
    const share = ctx.config(ID, state.unitId, at).params.minShareOfValuation;
    const [value, valuedEventId] = valuation;
    if (salePrice >= share * value) return;
    ctx.raiseOn(ID, state, at, {
      occurrence: event.eventId,
      detectedAt: event.occurredAt,
      title: { vi: 'Bán đấu giá thấp hơn giá thẩm định', en: 'Auction sale below valuation' },
      explanation: {
        vi: `Tài sản ${event.data.assetId} bán với giá ${vndVi(salePrice)}, bằng ${percent(salePrice / value)} giá thẩm định ${vndVi(value)} (ngưỡng ${percent(share)}).`,
        en: `Asset ${event.data.assetId} sold for ${vndEn(salePrice)}, ${percent(salePrice / value)} of its valuation of ${vndEn(value)} (threshold ${percent(share)}).`,
      },
      eventIds: [valuedEventId, event.eventId],
      figures: {
        assetId: event.data.assetId,
        salePrice,
        valuation: value,
        share: salePrice / value,
        threshold: share,
        winnerId: event.data.winnerId,
      },
    });
  },
};
