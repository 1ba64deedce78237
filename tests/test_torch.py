"""The PyTorch assignments (eecs498-a2, torch-autograd-basics): every verdict and every id on
their fixture sets, starter code at zero, isolation of the training loops, and the tensor
checks (type, dtype, device, autograd) that NumPy assignments do not have."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from conftest import EXAMPLES, FAST, FIXTURES, ROOT, by_function, graded
from grader import find, grade

pytest.importorskip("torch")

TORCH = FIXTURES / "assignments"
ASSIGNMENTS = ("eecs498-a2", "torch-autograd-basics")
MISTAKES = [(a, p) for a in ASSIGNMENTS for p in sorted((TORCH / a / "mistakes").glob("*.py"))]


def _expected(assignment: str, path):
    mistake, _, rest = path.stem.partition("__")
    functions = find(assignment).spec.functions
    function = next(f for f in sorted(functions, key=len, reverse=True) if rest.startswith(f))
    return mistake, function


def test_the_issue_ids_all_have_a_fixture():
    named = {_expected(a, p)[0] for a, p in MISTAKES}
    wanted = {"wrong_output_type", "dtype_changed", "hard_coded_device", "output_requires_grad",
              "lr_decay_every_iteration", "lr_never_decayed", "params_not_updated",
              "gradient_ascent", "batch_not_random", "sample_range_off_by_one",
              "dW_not_normalized", "reg_grad_scalar", "relu_backward_not_masked",
              "backward_ignores_grad_output", "timeout"}
    assert wanted <= named, sorted(wanted - named)


def test_an_infinite_loop_in_nn_train_costs_only_nn_train(tmp_path):
    """The example with nn_train's update replaced by a loop that never ends: nn_train loses
    its points (a timeout, not retried), every other function keeps all of its own."""
    target = tmp_path / "submission"
    shutil.copytree(EXAMPLES / "eecs498-a2", target)
    source = (target / "two_layer_net.py").read_text()
    looping = source.replace("            params[name] -= learning_rate * grads[name]\n",
                             "            params[name] -= learning_rate * grads[name]\n"
                             "        while True:\n            pass\n")
    assert looping != source
    (target / "two_layer_net.py").write_text(looping)
    result = grade(find("eecs498-a2"), target, FAST)
    functions = by_function(result)
    assert functions["nn_train"][0] == 0 and "timeout" in functions["nn_train"][2]
    for name, (score, top, ids) in functions.items():
        if name != "nn_train":
            assert score == top, (name, ids)
    assert result.timings["total_seconds"] < 20


def test_a_broken_forward_pass_costs_only_its_own_points(tmp_path):
    """nn_forward_backward is graded with the reference nn_forward_pass behind a proxy."""
    target = tmp_path / "submission"
    shutil.copytree(EXAMPLES / "eecs498-a2", target)
    source = (target / "two_layer_net.py").read_text()
    broken = source.replace("    scores = hidden.mm(W2) + b2\n", "    scores = hidden.mm(W2)\n")
    assert broken != source
    (target / "two_layer_net.py").write_text(broken)
    functions = by_function(grade(find("eecs498-a2"), target, FAST))
    assert functions["nn_forward_pass"][2] == {"forward_missing_output_bias"}
    assert functions["nn_forward_backward"][0] == functions["nn_forward_backward"][1]


def test_training_loops_record_every_step_through_the_host_proxies():
    """The sgd and nn_training verdicts are built from the proxy calls: the passing text says
    how many steps were verified."""
    result = graded(str(EXAMPLES / "eecs498-a2"), "eecs498-a2")
    outputs = {t.function: t.output for t in result.tests}
    assert "11 steps verified" in outputs["train_linear_classifier"]
    assert "11 steps verified" in outputs["nn_train"]


def test_lr_schedule_message_shows_the_step_sizes():
    path = TORCH / "eecs498-a2" / "mistakes" / "lr_decay_every_iteration__nn_train.py"
    result = graded(str(path), "eecs498-a2")
    text = next(t.output for t in result.tests if t.function == "nn_train")
    assert "the step sizes were 0.1, 0.05, 0.025" in text and "expected 0.1, 0.05, 0.05" in text


def test_hard_coded_device_message_says_why():
    path = TORCH / "eecs498-a2" / "mistakes" / "hard_coded_device__svm_loss_vectorized.py"
    result = graded(str(path), "eecs498-a2")
    message = next(m.message for t in result.tests if t.function == "svm_loss_vectorized"
                   for m in t.mistakes)
    assert "CUDA" in message and "device=X.device" in message


def test_hidden_mode_shows_no_values_for_torch_mistakes():
    path = TORCH / "eecs498-a2" / "mistakes" / "dtype_changed__svm_loss_naive.py"
    result = grade(find("eecs498-a2"), path, replace(FAST, hidden=True, hidden_seed=99))
    tests = [t for t in result.tests if t.function == "svm_loss_naive"]
    assert all(not t.passed for t in tests)
    assert any(m.id == "dtype_changed" for t in tests for m in t.mistakes)
    assert not any("Try this call" in t.output or "tensor(" in t.output for t in result.tests)


# --------------------------------------------------------------------------- tensor checks


def test_tensor_outputs_are_checked_for_type_dtype_device_and_graph():
    from grader.assignment import Output
    from grader.outputs import OutputProblem
    from grader.sandbox.wire import TensorData
    from grader.tensors import check_outputs

    outs = [Output(name="loss", kind="scalar"), Output(name="dW", kind="array")]
    good = (TensorData(np.array(1.5)), TensorData(np.ones((2, 2))))
    assert check_outputs(good, outs)[0] == 1.5
    cases = {
        "wrong_output_type": (1.5, TensorData(np.ones((2, 2)))),
        "dtype_changed": (TensorData(np.array(1.5)), TensorData(np.ones((2, 2), np.float32))),
        "hard_coded_device": (TensorData(np.array(1.5)), TensorData(np.ones(2), device="cuda:0")),
        "output_requires_grad": (TensorData(np.array(1.5), requires_grad=True), good[1]),
    }
    for mistake, value in cases.items():
        problem = check_outputs(value, outs)
        assert isinstance(problem, OutputProblem) and problem.mistake == mistake, mistake
    labels = [Output(name="y_pred", kind="labels")]
    assert isinstance(check_outputs(TensorData(np.zeros(3)), labels), OutputProblem)
    assert check_outputs(TensorData(np.zeros(3, np.int64)), labels).dtype == np.int64


def test_tensors_cross_the_wire_with_their_metadata():
    import torch

    from grader.sandbox import wire

    t = torch.arange(6, dtype=torch.float32).reshape(2, 3).requires_grad_(True)
    decoded = wire.decode_frame(wire.encode({"t": t, "half": torch.ones(2, dtype=torch.bfloat16)}))
    assert decoded["t"].dtype == "float32" and decoded["t"].requires_grad
    assert decoded["t"].array.tolist() == [[0, 1, 2], [3, 4, 5]]
    assert decoded["half"].dtype == "bfloat16" and decoded["half"].array.dtype == np.float32
    back = wire.decode_frame(wire.encode(wire.TensorData(np.ones(2), device="cpu")))
    assert isinstance(back, wire.TensorData) and back.dtype == "float64"


# --------------------------------------------------------------------------- without torch

NO_TORCH = (
    "import importlib.util, sys\n"
    "real = importlib.util.find_spec\n"
    "importlib.util.find_spec = lambda name, *a: None if name == 'torch' else real(name, *a)\n"
    "from grader.cli import main\n"
    "sys.argv = ['grader'] + sys.argv[1:]\n"
    "main()\n"
)


def test_without_torch_list_works_and_grading_says_how_to_install():
    listed = subprocess.run([sys.executable, "-c", NO_TORCH, "list"], capture_output=True,
                            text=True, cwd=ROOT)
    assert listed.returncode == 0 and "eecs498-a2" in listed.stdout
    graded_run = subprocess.run([sys.executable, "-c", NO_TORCH, "check",
                                 str(EXAMPLES / "torch-autograd-basics")],
                                capture_output=True, text=True, cwd=ROOT)
    assert graded_run.returncode == 2
    assert "pip install" in graded_run.stderr + graded_run.stdout


# --------------------------------------------------------------------------- GPU placement


def test_device_cuda_without_a_gpu_is_a_usage_error():
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    done = subprocess.run([sys.executable, "-m", "grader", "check", "--device", "cuda",
                           str(EXAMPLES / "torch-autograd-basics")], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 2 and "no CUDA device" in done.stderr
    out = Path(tempfile.mkdtemp(prefix="grader-cuda-"))
    batch = subprocess.run([sys.executable, "-m", "grader", "batch", str(EXAMPLES),
                            "--assignment", "torch-autograd-basics", "--out", str(out),
                            "--device", "cuda"], capture_output=True, text=True, cwd=ROOT)
    assert batch.returncode == 2 and "no CUDA device" in batch.stderr
    assert not (out / "grades.sqlite").exists()  # nobody was given a zero for it
    shutil.rmtree(out)


def test_a_gpu_sandbox_sees_the_nvidia_devices_and_no_address_space_limit(monkeypatch):
    from grader.sandbox import bwrap, runtime
    from grader.sandbox.container import container_config
    from grader.sandbox.limits import Limits

    monkeypatch.setattr(bwrap, "gpu_devices", lambda: ["/dev/nvidia0", "/dev/nvidiactl"])
    rt = runtime.prepare()
    plain = bwrap.bwrap_args(rt, ROOT, Limits(framework="torch"))
    gpu = bwrap.bwrap_args(rt, ROOT, Limits(framework="torch", gpu=True))
    assert "--dev-bind" not in plain
    assert gpu[gpu.index("/dev/nvidia0") - 1] == "--dev-bind"
    assert "memory_bytes" not in Limits(gpu=True).runner_config("/x")
    assert Limits().runner_config("/x")["memory_bytes"] == Limits().memory_bytes
    pytest.importorskip("docker")
    config = container_config("img", ROOT, "/r", Limits(gpu=True))
    assert config["device_requests"][0]["Capabilities"] == [["gpu"]]
    assert "device_requests" not in container_config("img", ROOT, "/r", Limits())


EECS_A3 = EXAMPLES / "eecs498-a3"


def _eecs_a3_without_helper(tmp_path: Path) -> Path:
    sub = tmp_path / "sub"
    sub.mkdir()
    for name in ("fully_connected_networks.py", "convolutional_networks.py"):
        shutil.copy(EECS_A3 / name, sub / name)
    return sub


def test_course_files_not_handed_in_are_stand_ins_and_networks_are_graded(tmp_path):
    """A submission without the course's a3_helper.py (``provided:`` in the spec) imports;
    the networks, whose softmax_loss and layer classes (static methods, also the provided
    sandwich layers) the host answers, get full marks, and the report says what was absent."""
    result = grade(find("eecs498-a3"), _eecs_a3_without_helper(tmp_path), FAST)
    assert result.score == result.max_score, [t.name for t in result.tests if not t.passed]
    assert any("a3_helper.py" in n and "not in the submission" in n for n in result.notes)
    assert not any("tqdm" in n for n in result.notes)  # torch's own imports are not the student's


def test_a_call_into_an_absent_course_file_says_where_the_name_comes_from(tmp_path):
    sub = _eecs_a3_without_helper(tmp_path)
    fc = sub / "fully_connected_networks.py"
    text = fc.read_text().replace(
        "        out = None\n", "        out = None\n        svm_loss(x, x)\n", 1)
    fc.write_text(text)  # Linear.forward now calls a3_helper's svm_loss itself
    tests = [t for t in grade(find("eecs498-a3"), sub, FAST).tests
             if t.function == "Linear.forward"]
    assert tests and not any(t.passed for t in tests)
    assert "a3_helper.svm_loss comes from a course file that is not in the submission" \
        in tests[0].output


def test_layer_class_proxies_live_only_during_the_call(monkeypatch):
    """``Linear.forward`` as a proxy: a class's static method is patched wherever the class is
    used (another module imported it) and restored afterwards, whatever the call did."""
    import types

    from grader.sandbox import runner

    class Linear:
        @staticmethod
        def forward(x):
            return "student's"

    module = types.ModuleType("student_net")
    module.Linear = Linear
    module.net = lambda x: Linear.forward(x)
    module.broken = lambda x: 1 / 0
    monkeypatch.setitem(sys.modules, "student_net", module)
    monkeypatch.setattr(runner.Host, "ask", classmethod(lambda cls, name, args, kw, at: name))
    reply = runner.call({"module": "student_net", "qualname": "net", "args": [1],
                         "proxies": {"Linear.forward": {}}})
    assert reply["value"] == "Linear.forward"  # the host answered
    assert Linear.forward(1) == "student's"
    with pytest.raises(ZeroDivisionError):
        runner.call({"module": "student_net", "qualname": "broken", "args": [1],
                     "proxies": {"Linear.forward": {}}})
    assert Linear.forward(1) == "student's" and isinstance(vars(Linear)["forward"], staticmethod)


def test_a_models_device_input_crosses_as_the_grading_device():
    from grader.inputs import DEVICE, TorchDtype
    from grader.tensors import to_sandbox

    sent = to_sandbox({"device": DEVICE, "dtype": TorchDtype("float64")}, "cuda:0")
    assert sent["device"] == "cuda:0" and type(sent["device"]) is str
    assert sent["dtype"] == TorchDtype("float64")


# --------------------------------------------------------------------------- autograd checks

A2T = TORCH / "cs231n-a2-torch"


def _autograd_test(result, function):
    return next(t for t in result.tests if t.function == function and "autograd" in t.name)


def test_the_autograd_check_differentiates_the_students_own_forward_pass():
    """Correct forward passes in several styles (slices written into a buffer, stacked lists,
    unbind, chunk, einsum) give autograd gradients that match; each input block is checked."""
    for path in sorted((A2T / "correct").iterdir()):
        result = graded(str(path), "cs231n-a2-torch")
        for function in ("rnn_step_forward", "rnn_forward", "word_embedding_forward",
                         "lstm_step_forward", "lstm_forward"):
            test = _autograd_test(result, function)
            assert test.passed and "gradients through autograd checked" in test.output, (
                path.name, function, test.output)


def test_a_cut_graph_is_named_and_costs_only_the_autograd_check():
    result = graded(str(A2T / "mistakes" / "no_gradient__rnn_step_forward_numpy.py"),
                    "cs231n-a2-torch")
    value = next(t for t in result.tests if t.function == "rnn_step_forward" and t.passed)
    assert value.score == value.max_score  # the values are right
    test = _autograd_test(result, "rnn_step_forward")
    assert not test.passed and [m.id for m in test.mistakes] == ["no_gradient"]
    assert "numpy()" in test.output  # torch's own words, on public inputs
    cut = graded(str(A2T / "mistakes" / "autograd_gradient_wrong__rnn_forward_detached_state.py"),
                 "cs231n-a2-torch")
    test = _autograd_test(cut, "rnn_forward")
    assert [m.id for m in test.mistakes] == ["autograd_gradient_wrong"]
    assert "relative error" in test.output and ".grad·d" in test.output


def test_an_input_left_out_of_the_forward_pass_is_its_catalogued_mistake():
    """No gradient reaches b because the bias is missing: the variant without b explains it."""
    result = graded(str(A2T / "mistakes" / "torch_rnn_missing_bias__rnn_step_forward.py"),
                    "cs231n-a2-torch")
    test = _autograd_test(result, "rnn_step_forward")
    assert [m.id for m in test.mistakes] == ["torch_rnn_missing_bias"]
    assert "no gradient reached b" in test.output


def test_hidden_autograd_failures_show_no_numbers_and_no_student_message():
    for name in ("no_gradient__rnn_step_forward_numpy.py",
                 "autograd_gradient_wrong__rnn_forward_detached_state.py"):
        result = grade(find("cs231n-a2-torch"), A2T / "mistakes" / name,
                       replace(FAST, hidden=True, hidden_seed=77))
        for test in result.tests:
            if "autograd" in test.name and not test.passed:
                assert "Can't call" not in test.output and ".grad·d =" not in test.output, (
                    test.output)


def test_validate_answers_an_autograd_call_with_numeric_gradients():
    from grader.validate import vjp

    rng = np.random.default_rng(0)
    x, w, up = rng.standard_normal((3, 4)), rng.standard_normal((4, 2)), rng.standard_normal((3, 2))

    def forward(x, w):
        return np.tanh(x @ w), x.sum()

    dx, dw = vjp(forward, {"x": x, "w": w}, ["x", "w"], [up])
    dh = up * (1 - np.tanh(x @ w) ** 2)
    assert np.allclose(dx, dh @ w.T, rtol=1e-7) and np.allclose(dw, x.T @ dh, rtol=1e-7)
