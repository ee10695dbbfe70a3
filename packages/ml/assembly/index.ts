// Entry point of the WASM SIMD kernels (compiled by `npm run build:wasm`). Every export takes
// byte addresses into the imported shared memory plus sizes; nothing here allocates: the
// JavaScript side owns memory layout (see docs/decisions/0002-kernel-api-and-memory.md).
export { gemm_ws_bytes, gemm_f32_nn, gemm_f32_nt, gemm_f32_tn, gemm_f32_tt } from './gemm';
export {
  dot_f32,
  axpy_f32,
  scale_f32,
  row_sums_f32,
  row_sqnorms_f32,
  gemv_f32_n,
  gemv_f32_t,
} from './vector';
export { argmax_f32, softmax_f32, logsumexp_f32 } from './rowwise';
export { topk_f32 } from './topk';
export {
  dist_ws_bytes,
  sqdist_f32,
  sqdist_topk_f32,
  l1dist_f32,
  l1dist_topk_f32,
  sqdist_exact_f64,
} from './distance';
export { standardize_u8_f32, histogram_u8_f64, hist_sub_f64 } from './data';

/** First byte after the module's static data: the JavaScript allocator starts above it. */
export function heap_base(): usize {
  return __heap_base;
}
export {
  sq_pruned_ws_bytes,
  l1_pruned_ws_bytes,
  sq_pruned_topk_f32,
  l1_pruned_topk_f32,
} from './knn';
export {
  dot_f32_f64,
  axpy_f32_f64,
  axpy_dot_f32_f64,
  sgd_l1_step,
  rows_dot_f32_f64,
  rows_axpy_f32_f64,
  tron_hv,
  glmnet_hess_grad,
  glmnet_cd_dot,
  dcd_solve,
  dcd_ovr,
  linear_scores_f32_f64,
} from './linear';
export { gnb_jll_f32_f64 } from './naive-bayes';
export {
  tree_best_feature_u8,
  tree_code_range_u8,
  tree_random_feature_u8,
  tree_partition_u8,
  tree_distinct_u8,
  tree_gather_cols_f32,
  tree_remap_u8,
  tree_reg_feature_u8,
  tree_reg_hist_u8,
  tree_reg_hist_t_u8,
  tree_hist_sub,
  tree_reg_node_u8,
} from './tree';
export { adam_step_f32 } from './mlp';
export {
  smo_select_i,
  smo_select_j,
  smo_update_g,
  smo_add_gbar,
  svm_gram_compact,
  svm_block_swap,
  svm_kernel_row_f32,
  svm_ovo_f32,
} from './svm';
export { chol_f64, chol_solve_f64, gram_weighted_f64, quad_form_f64 } from './dense';
