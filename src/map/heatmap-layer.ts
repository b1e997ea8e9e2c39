import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { LayerContext } from '@deck.gl/core';

type TextureTransform = NonNullable<HeatmapLayer['state']['weightsTransform']>;

/**
 * What luma.gl 9.4 leaves behind when a TextureTransform is destroyed: `destroy()` frees the model
 * and framebuffers but not the transform's own sampler, and `Model.destroy()` does not free its
 * vertex array. The WebGL sampler's `destroy()` also skips its base class's bookkeeping, so the
 * device's resource counts (what the benchmarks and a wall's health checks read) would still count
 * it: `destroyResource()`, idempotent, settles that.
 */
export function releaseTransformLeftovers(transform: TextureTransform | undefined): void {
  if (!transform) return;
  const sampler = transform.sampler;
  sampler.destroy();
  (sampler as unknown as { destroyResource?: () => void }).destroyResource?.();
  transform.model.vertexArray.destroy();
}

/**
 * deck.gl's HeatmapLayer without its per-update GPU leak: it rebuilds its weights transform on
 * every data change, and each rebuild left a sampler and a vertex array behind (one per poll with
 * new data, forever, on a wall). Same props, same rendering.
 */
export class CityHeatmapLayer<DataT = unknown> extends HeatmapLayer<DataT> {
  static override layerName = 'CityHeatmapLayer';

  override _createWeightsTransform(
    shaders: Parameters<HeatmapLayer['_createWeightsTransform']>[0],
  ) {
    const previous = this.state.weightsTransform;
    super._createWeightsTransform(shaders);
    if (previous !== this.state.weightsTransform) releaseTransformLeftovers(previous);
  }

  override finalizeState(context: LayerContext) {
    const { weightsTransform, maxWeightTransform } = this.state;
    super.finalizeState(context);
    releaseTransformLeftovers(weightsTransform);
    releaseTransformLeftovers(maxWeightTransform);
  }
}
