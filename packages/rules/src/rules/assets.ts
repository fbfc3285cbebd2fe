import { percent, vndEn, vndVi } from '../format';
import type { Rule } from '../rule';

/**
 * `excessive-price-reduction` (Law art. 104): a price cut larger than the limit share of the
 * previous starting price (from the last auction or price cut of the asset). A cut of an asset
 * whose previous price is unknown is not judged.
 */
export const excessivePriceReduction: Rule<'excessive-price-reduction'> = {
  id: 'excessive-price-reduction',
  on: ['case.auction_held', 'case.price_reduced'],
  onEvent(ctx, state, { event, at }) {
    if (event.type === 'case.auction_held') {
      (state.prices ??= {})[event.data.assetId] = event.data.startingPrice;
      return;
    }
    if (event.type !== 'case.price_reduced') return;
    const prices = (state.prices ??= {});
    const previous = prices[event.data.assetId];
    const next = event.data.newStartingPrice;
    prices[event.data.assetId] = next;
    if (previous === undefined || previous === 0) return;
    const maxCut = ctx.config(this.id, state.unitId, at).params.maxCutShare;
    const cut = (previous - next) / previous;
    if (cut <= maxCut + 1e-12) return;
    ctx.raiseOn(this.id, state, at, {
      occurrence: event.eventId,
      detectedAt: event.occurredAt,
      eventIds: [event.eventId],
      title: { vi: 'Giảm giá tài sản vượt mức cho phép', en: 'Excessive price reduction' },
      explanation: {
        vi: `Tài sản ${event.data.assetId} giảm giá khởi điểm từ ${vndVi(previous)} xuống ${vndVi(next)} (giảm ${percent(cut)}, tối đa ${percent(maxCut)}).`,
        en: `Starting price of asset ${event.data.assetId} cut from ${vndEn(previous)} to ${vndEn(next)} (${percent(cut)}; at most ${percent(maxCut)}).`,
      },
      figures: { assetId: event.data.assetId, previousStartingPrice: previous, newStartingPrice: next, cut, maxCut },
    });
  },
};

/** `single-bidder-sale` (Law on Property Auction): an asset sold with at most one bidder. */
export const singleBidderSale: Rule<'single-bidder-sale'> = {
  id: 'single-bidder-sale',
  on: ['case.auction_held'],
  onEvent(ctx, state, { event, at }) {
    if (event.type !== 'case.auction_held' || event.data.outcome !== 'sold') return;
    const maxBidders = ctx.config(this.id, state.unitId, at).params.maxBidders;
    if (event.data.bidderCount > maxBidders) return;
    ctx.raiseOn(this.id, state, at, {
      occurrence: event.eventId,
      detectedAt: event.occurredAt,
      eventIds: [event.eventId],
      title: { vi: 'Bán đấu giá chỉ có một người trả giá', en: 'Auction sold with a single bidder' },
      explanation: {
        vi: `Tài sản ${event.data.assetId} bán với ${event.data.bidderCount} người trả giá, giá ${vndVi(event.data.salePrice ?? 0)}.`,
        en: `Asset ${event.data.assetId} sold with ${event.data.bidderCount} bidder(s) for ${vndEn(event.data.salePrice ?? 0)}.`,
      },
      figures: {
        assetId: event.data.assetId,
        bidderCount: event.data.bidderCount,
        salePrice: event.data.salePrice,
        winnerId: event.data.winnerId,
      },
    });
  },
};
