"""The linear classifiers' catalogued mistakes: the keyword switches of svm_loss and
softmax_loss that reproduce each one."""

SVM = ("svm_loss_naive", "svm_loss_vectorized")
SOFTMAX = ("softmax_loss_naive", "softmax_loss_vectorized")

SHARED = {
    "dW_not_normalized": [dict(data_grad_scale=1.0)],
    "loss_not_normalized": [dict(loss_scale=1.0)],
    "reg_grad_scalar": [dict(reg_grad_scalar=True)],
    "reg_grad_missing_factor_2": [dict(reg_grad=1.0)],
    "reg_convention": [dict(reg_loss=0.5, reg_grad=1.0)],
    "reg_missing_in_loss": [dict(reg_loss=0.0)],
    "reg_missing_in_grad": [dict(reg_grad=0.0)],
    "reg_grad_divided_by_n": [dict(reg_grad_over_n=True)],
    "grad_sign_flipped": [dict(data_grad_sign=-1.0)],
}
SVM_ONLY = {
    "margin_values_in_grad": [dict(margins_in_grad=True)],
    # the loop form (dW's +X[i] and -X[i] at j == y cancel) and the vectorized form
    "correct_class_not_excluded": [dict(count_correct=True),
                                   dict(count_correct=True, correct_count_extra=1)],
    "correct_class_count_off_by_one": [dict(correct_count_extra=1)],
}
SOFTMAX_ONLY = {
    "softmax_missing_minus_one": [dict(subtract_one=False)],
    "softmax_normalized_over_all": [dict(normalize_over_all=True)],
}
