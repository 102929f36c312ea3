/**
 * The fitted transformers under their 0.1.0 name, kept for one minor version.
 * Use `Transformers` (the same functions and types): `Preprocessing` read too
 * much like `Preprocess`, the Effects that run these transformers on the pool.
 *
 * @since 0.1.0
 * @deprecated since 0.2.0: use `Transformers`
 */
import * as Transformers from "./Transformers.js"

/**
 * @deprecated since 0.2.0: use `Transformers.FitRows`
 * @since 0.1.0
 * @category deprecated
 */
export type FitRows = Transformers.FitRows

/**
 * @deprecated since 0.2.0: use `Transformers.StandardScaler`
 * @since 0.1.0
 * @category deprecated
 */
export const StandardScaler = Transformers.StandardScaler

/**
 * @deprecated since 0.2.0: use `Transformers.StandardScaler`
 * @since 0.1.0
 * @category deprecated
 */
export type StandardScaler = Transformers.StandardScaler

/**
 * @deprecated since 0.2.0: use `Transformers.StandardScalerOptions`
 * @since 0.1.0
 * @category deprecated
 */
export type StandardScalerOptions = Transformers.StandardScalerOptions

/**
 * @deprecated since 0.2.0: use `Transformers.MinMaxScaler`
 * @since 0.1.0
 * @category deprecated
 */
export const MinMaxScaler = Transformers.MinMaxScaler

/**
 * @deprecated since 0.2.0: use `Transformers.MinMaxScaler`
 * @since 0.1.0
 * @category deprecated
 */
export type MinMaxScaler = Transformers.MinMaxScaler

/**
 * @deprecated since 0.2.0: use `Transformers.MinMaxScalerOptions`
 * @since 0.1.0
 * @category deprecated
 */
export type MinMaxScalerOptions = Transformers.MinMaxScalerOptions

/**
 * @deprecated since 0.2.0: use `Transformers.ImputeStrategy`
 * @since 0.1.0
 * @category deprecated
 */
export type ImputeStrategy = Transformers.ImputeStrategy

/**
 * @deprecated since 0.2.0: use `Transformers.SimpleImputer`
 * @since 0.1.0
 * @category deprecated
 */
export const SimpleImputer = Transformers.SimpleImputer

/**
 * @deprecated since 0.2.0: use `Transformers.SimpleImputer`
 * @since 0.1.0
 * @category deprecated
 */
export type SimpleImputer = Transformers.SimpleImputer

/**
 * @deprecated since 0.2.0: use `Transformers.SimpleImputerOptions`
 * @since 0.1.0
 * @category deprecated
 */
export type SimpleImputerOptions = Transformers.SimpleImputerOptions

/**
 * @deprecated since 0.2.0: use `Transformers.OneHotEncoder`
 * @since 0.1.0
 * @category deprecated
 */
export const OneHotEncoder = Transformers.OneHotEncoder

/**
 * @deprecated since 0.2.0: use `Transformers.OneHotEncoder`
 * @since 0.1.0
 * @category deprecated
 */
export type OneHotEncoder = Transformers.OneHotEncoder

/**
 * @deprecated since 0.2.0: use `Transformers.OneHotEncoderOptions`
 * @since 0.1.0
 * @category deprecated
 */
export type OneHotEncoderOptions = Transformers.OneHotEncoderOptions

/**
 * @deprecated since 0.2.0: use `Transformers.Transformer`
 * @since 0.1.0
 * @category deprecated
 */
export type Transformer = Transformers.Transformer

/**
 * @deprecated since 0.2.0: use `Transformers.inputColumns`
 * @since 0.1.0
 * @category deprecated
 */
export const inputColumns = Transformers.inputColumns

/**
 * @deprecated since 0.2.0: use `Transformers.outputColumns`
 * @since 0.1.0
 * @category deprecated
 */
export const outputColumns = Transformers.outputColumns

/**
 * @deprecated since 0.2.0: use `Transformers.transformRows`
 * @since 0.1.0
 * @category deprecated
 */
export const transformRows = Transformers.transformRows

/**
 * @deprecated since 0.2.0: use `Transformers.transform`
 * @since 0.1.0
 * @category deprecated
 */
export const transform = Transformers.transform
