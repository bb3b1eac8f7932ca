"""Checks, against real TF 2.21 (tf.compat.v1 graph mode), the answers that
Tests/ScopeFlowTests/TensorFlowScopeTests/ expects: the names, errors and identities of TF's
template_test.py (TemplateTest), of the name-scope classes of ops_test.py (NameStackTest,
NameTest, OpScopeTest, NameScopeTest) and of variable_scope_test.py (VariableScopeTest,
VariableScopeWithPartitioningTest, PartitionInfoTest, VariableScopeMultithreadedTest,
VariableScopeWithCustomGetterTest).

Run: TF_CPP_MIN_LOG_LEVEL=3 /work/tfenv/bin/python Scripts/tf-verify/check_scope_tests.py
Prints one line per checked answer and exits non-zero when TF answers otherwise.
"""
import os
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow.compat.v1 as tf  # noqa: E402
from tensorflow.python.framework import ops  # noqa: E402

tf.disable_v2_behavior()
failures = []


def check(label, got, expected):
    ok = got == expected
    print(("ok       " if ok else "MISMATCH ") + f"{label}: {got!r}" + ("" if ok else f" (expected {expected!r})"))
    if not ok:
        failures.append(label)


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - any error is the answer being recorded
        return type(e).__name__, str(e).split("\n")[0]
    return None


def dummy(trainable=True):
    return tf.get_variable("dummy", shape=[1], trainable=trainable, initializer=tf.zeros_initializer())


def scoped_dummy(scope_name):
    with tf.variable_scope(scope_name):
        return dummy()


def with_create(trainable):
    tf.Variable(0, trainable=trainable)
    return dummy()


def template_answers():
    with tf.Graph().as_default():
        tpl = tf.make_template("", dummy)
        with tf.variable_scope("outer"):
            x = tf.get_variable("x", [])
            v = tpl()
        check("template_with_empty_name scope", tpl.variable_scope_name, "outer/")
        check("template_with_empty_name var", v.name, "outer//dummy:0")
        check("template_with_empty_name variables", [u.name for u in tpl.variables], [x.name, v.name])
    with tf.Graph().as_default():
        t1, t2 = tf.make_template("s1", dummy), tf.make_template("s1", dummy)
        check("template_with_name", [t1().name, t1() is t1(), t2().name], ["s1/dummy:0", True, "s1_1/dummy:0"])
    with tf.Graph().as_default():
        tf.make_template("_", dummy, unique_name_="s1")()
        check("same_unique_name_raise_error", error_of(tf.make_template("_", dummy, unique_name_="s1"))[1][:40],
              "Variable s1/dummy already exists, disall")
    with tf.Graph().as_default():
        t = tf.make_template("s", with_create, trainable=True)
        t()
        check("enforces_no_extra_trainable_variables", error_of(t)[1][:165],
              "Trainable variable created when calling a template after the first time, perhaps you used "
              "tf.Variable when you meant tf.get_variable: [<tf.Variable 's_1/Variable:0' ")
    with tf.Graph().as_default():
        def nested():
            n1, n2 = tf.make_template("nested", dummy), tf.make_template("nested", dummy)
            return n1(), n2()
        t1, t2 = tf.make_template("s1", nested), tf.make_template("s1", nested)
        a, b = t1()
        c, d = t1()
        e, f = t2()
        check("nested_templates", [u.name for u in (a, b, e, f)] + [a is c, b is d],
              ["s1/nested/dummy:0", "s1/nested_1/dummy:0", "s1_1/nested/dummy:0", "s1_1/nested_1/dummy:0", True, True])
    with tf.Graph().as_default():
        with tf.variable_scope("ctor_scope"):
            imm, dfr = tf.make_template("a", dummy, True), tf.make_template("b", dummy, False)
        with tf.variable_scope("call_scope"):
            check("immediate_scope_creation", [imm().name, dfr().name], ["ctor_scope/a/dummy:0", "call_scope/b/dummy:0"])
    with tf.Graph().as_default():
        with tf.variable_scope("foo"):
            ta, tb = tf.make_template("bar", dummy, True), tf.make_template("bar", dummy, True)
        with tf.variable_scope("foo_2"):
            tc = tf.make_template("blah", dummy, False)
        before = tc.variable_scope
        tc()
        check("scope_access", [ta.variable_scope.name, tb.variable_scope.name, before, tc.variable_scope.name],
              ["foo/bar", "foo/bar_1", None, "blah"])
    with tf.Graph().as_default():
        def linear(x, output_size):
            w = tf.get_variable("w", shape=[x.get_shape()[1], output_size], initializer=tf.zeros_initializer())
            b = tf.get_variable("b", shape=[output_size], initializer=tf.zeros_initializer())
            return tf.matmul(x, w) + b, w
        inputs = tf.ones((3, 4))
        l1 = tf.make_template("foo", linear, output_size=2, create_scope_now_=True)
        l2_names = [l1(inputs)[0].name, l1(inputs)[0].name]
        l2 = tf.make_template("foo", linear, output_size=2, create_scope_now_=True)
        check("name_scopes_for_variable_scopes", l2_names + [l2(inputs)[0].name, l2(inputs)[0].name,
                                                            l2.variable_scope.name],
              ["foo/add:0", "foo_1/add:0", "foo_1_1/add:0", "foo_1_2/add:0", "foo_1"])


def name_scope_answers():
    # Each unique_name asked first without marking, then marked, in TF's nesting.
    g = tf.Graph()
    got = []

    def both(name):
        got.extend([g.unique_name(name, mark_as_used=False), g.unique_name(name)])
    for name in ["foo", "foo", "foo", "foo_1", "foo_1", "foo_1_2"]:
        both(name)
    with g.name_scope("bar"):
        both("foo")
        both("foo")
        with g.name_scope(None):
            both("foo")
        with g.name_scope("baz"):
            both("foo")
            both("foo")
        with g.name_scope("baz"):
            both("foo")
            both("foo")
    with g.name_scope("quux"):
        both("foo")
    with g.name_scope("bar"), g.name_scope("baz"):
        both("foo")
    both("foo")
    both("bar")
    expected = ["foo", "foo_1", "foo_2", "foo_1_1", "foo_1_2", "foo_1_2_1", "bar/foo", "bar/foo_1", "foo_3",
                "bar/baz/foo", "bar/baz/foo_1", "bar/baz_1/foo", "bar/baz_1/foo_1", "quux/foo", "bar_1/baz/foo",
                "foo_4", "bar_2"]
    check("NameStackTest.testBasics", got, [name for name in expected for _ in (0, 1)])
    g = tf.Graph()
    with g.as_default(), g.name_scope("l0"), tf.variable_scope("l1"), g.name_scope("l1") as scope:
        check("NameStackTest.testNameAndVariableScope", [scope, g.unique_name("foo")], ["l0/l1/l1/", "l0/l1/l1/foo"])
    g = tf.Graph()
    check("NameStackTest.testOutOfOrderUniqueName",
          [g.unique_name("foo_2"), g.unique_name("foo"), g.unique_name("foo"), g.unique_name("foo")],
          ["foo_2", "foo", "foo_1", "foo_3"])
    g = tf.Graph()
    names = [g.unique_name("foo"), g.unique_name("Foo")]
    with g.name_scope("bar"):
        names.append(g.unique_name("foo"))
    with g.name_scope("Bar"):
        names.append(g.unique_name("foo"))
    check("NameStackTest.testUniqueNameCaseInsensitivity", names, ["foo", "Foo_1", "bar/foo", "Bar_1/foo"])

    def enter(g, name):
        with g.name_scope(name):
            pass
    g = tf.Graph()
    check("NameStackTest.testInvalidNameRaisesError foo:0", error_of(lambda: enter(g, "foo:0"))[0], "ValueError")
    check("NameStackTest.testInvalidNameRaisesError _bar", error_of(lambda: enter(g, "_bar"))[0], "ValueError")

    with tf.Graph().as_default():
        with ops.name_scope("foo/"):
            seen = []
            for scope in ["", "foo4", "foo5//", "/", "//", "a//b/c"]:
                with ops.name_scope(scope) as s:
                    seen.append(s)
                    if scope == "foo5//":
                        with ops.name_scope("foo6") as s6:
                            seen.append(s6)
        with ops.name_scope("a//b/c") as s10:
            seen.append(s10)
        check("OpScopeTest.testNames (slashes)", seen,
              ["", "foo/foo4/", "foo5//", "foo5//foo6/", "/", "//", "foo/a//b/c/", "a//b/c/"])
        with ops.name_scope(None, "default") as s1, ops.name_scope(None, "default2") as s2:
            check("OpScopeTest.testEagerDefaultScopeName", [s1, s2], ["default/", "default/default2/"])

    strs = ["hidden1/hidden1/weights", "hidden1///hidden1/weights", "^hidden1/hidden1/weights",
            "loc:@hidden1/hidden1/weights", "hhidden1/hidden1/weights", "hidden1"]
    stripped = [ops.strip_name_scope(s, "hidden1") for s in strs]
    check("NameScopeTest.testStripAndPrependScope strip", stripped,
          ["hidden1/weights", "hidden1/weights", "^hidden1/weights", "loc:@hidden1/weights",
           "hhidden1/hidden1/weights", "hidden1"])
    check("NameScopeTest.testStripAndPrependScope prepend", [ops.prepend_name_scope(s, "hidden2") for s in stripped],
          ["hidden2/hidden1/weights", "hidden2/hidden1/weights", "^hidden2/hidden1/weights",
           "loc:@hidden2/hidden1/weights", "hidden2/hhidden1/hidden1/weights", "hidden2/hidden1"])

    def two_graphs():
        with tf.Graph().as_default(), tf.Graph().as_default(), ops.name_scope("_"):
            pass
    check("NameScopeTest.testTwoGraphs (TF 2.21's message)", error_of(two_graphs)[1][:40],
          "'_' is not a valid root scope name. A ro")


def string_default_initializer():
    with tf.Graph().as_default() as g:
        v = tf.get_variable("string", shape=[], dtype=tf.string)
        nodes = [(n.name, n.op) for n in g.as_graph_def().node]
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            check("string default initializer value", s.run(v), b"")
        check("string default initializer nodes", nodes,
              [("string/Initializer/zeros", "Const"), ("string", "VariableV2"), ("string/Assign", "Assign"),
               ("string/read", "Identity")])


def custom_getter_answers():
    calls = []

    def tagging(tag):
        def getter_with_tag(getter, name, *args, **kwargs):
            calls.append(tag + ">" + name)
            variable = getter(name + "_" + tag, *args, **kwargs)
            calls.append(tag + "<")
            return variable
        return getter_with_tag
    with tf.Graph().as_default():
        with tf.variable_scope("outer", custom_getter=tagging("o")) as outer:
            with tf.variable_scope("inner", custom_getter=tagging("i")):
                v = tf.get_variable("v", shape=[1])
        check("nested custom getters", [v.name] + calls,
              ["outer/inner/v_i_o:0", "i>outer/inner/v", "o>outer/inner/v_i", "o<", "i<"])
        calls.clear()
        with tf.variable_scope(outer, custom_getter=tagging("again")):
            w = tf.get_variable("w", shape=[1])
        check("custom getter on a scope entered again", [w.name] + calls,
              ["outer/w_again_o:0", "again>outer/w", "o>outer/w_again", "o<", "again<"])
        calls.clear()
        with tf.variable_scope(outer, reuse=True):
            shared = tf.get_variable("inner/v_i", shape=[1])
        check("custom getter of a reused scope", [shared is v] + calls, [True, "o>outer/inner/v_i", "o<"])
    count = [0]

    def counting(getter, *args, **kwargs):
        count[0] += 1
        return getter(*args, **kwargs)
    with tf.Graph().as_default():
        for now in (False, True):
            count[0] = 0
            tmpl = tf.make_template("s", dummy, custom_getter_=counting, create_scope_now_=now)
            counts = [count[0]]
            tmpl()
            counts.append(count[0])
            tmpl()
            counts.append(count[0])
            check(f"template custom getter calls (create_scope_now_={now})", counts, [0, 1, 2])


def empty_variable_scope_names():
    with tf.Graph().as_default():
        with tf.variable_scope("outer2"):
            with tf.variable_scope(None, default_name="") as scope:
                d = tf.constant(1.0, name="d")
            with tf.variable_scope(""):
                kept = tf.constant(1.0, name="d")
        check("empty default name", [d.name, scope.name, scope.original_name_scope, kept.name],
              ["d:0", "outer2/", "", "outer2/d:0"])
    with tf.Graph().as_default():
        with tf.variable_scope("outer"):
            with tf.variable_scope(None, default_name="") as scope:
                pass
        with tf.variable_scope(scope):
            v = tf.get_variable("dummy", shape=[1], initializer=tf.zeros_initializer())
            c = tf.constant(1.0, name="c")
        check("scope ending in / entered again", [scope.name, v.name, c.name], ["outer/", "outer//dummy:0", "c:0"])


def into(count):
    def partition(shape=None, **_):
        return [count] + [1] * (len(shape) - 1)
    return partition


def variable_scope_answers():
    """The answers of variable_scope_test.py that the Swift translation asserts."""
    from tensorflow.python.ops import variable_scope as vs_lib
    with tf.Graph().as_default():
        with tf.variable_scope("scope0", partitioner=into(2)):
            v = tf.get_variable("name0", shape=(3, 1, 1))
            names = [x.name for x in tf.global_variables()]
            check("partitioned name", [v.name, v.as_tensor().name, names],
                  ["scope0/name0", "scope0/name0:0", ["scope0/name0/part_0:0", "scope0/name0/part_1:0"]])
            check("scalar ignores partitioner", tf.get_variable("s", shape=()).name, "scope0/s:0")
        for count in (3, 1):
            with tf.variable_scope("scope0", partitioner=into(count), reuse=True):
                check(f"reuse with {count} partitions",
                      error_of(lambda: tf.get_variable("name0", shape=(3, 1, 1))),
                      ("ValueError", f"Trying to reuse partitioned variable scope0/name0, but specified partitions "
                                     f"{[count, 1, 1]} and found partitions [2, 1, 1]."))
        with tf.variable_scope("scope0", reuse=True):
            check("reuse without partitioner", tf.get_variable("name0") is v, True)
        with tf.variable_scope("root"):
            v1 = tf.get_variable("n1", shape=(2, 2, 2), partitioner=lambda **_: (1, 2, 1))
        check("concatenates along axis 1", [p.get_shape().as_list() for p in v1], [[2, 1, 2], [2, 1, 2]])
    info = vs_lib._PartitionInfo(full_shape=[9, 3], var_offset=[4, 0])
    check("single_offset", info.single_offset([1, 3]), 4)
    check("single_slice_dim", vs_lib._PartitionInfo(full_shape=[9, 3], var_offset=[0, 0]).single_slice_dim([9, 2]), 1)
    check("single_slice_dim too large", error_of(lambda: info.single_slice_dim([6, 3]))[0], "ValueError")
    check("offset past shape", error_of(lambda: vs_lib._PartitionInfo(full_shape=[1, 1], var_offset=[0, 1]))[0],
          "ValueError")
    with tf.Graph().as_default():
        with tf.name_scope("testVarOpScope2"):
            with tf.variable_scope(None, "default", []):
                check("default scope", [tf.get_variable("w", []).name, ops.get_default_graph().get_name_scope()],
                      ["default/w:0", "testVarOpScope2/default"])
            with tf.variable_scope(None, "default", []):
                check("default scope again", tf.get_variable("w", []).name, "default_1/w:0")
        with tf.variable_scope("outer") as outer:
            pass
        with tf.variable_scope(outer, reuse=True):
            with tf.name_scope("scope2") as sc2:
                check("outer scope entered again", sc2, "outer_1/scope2/")
        with tf.variable_scope("default") as default:
            for expected in ("default/layer/w:0", "default/layer_1/w:0"):
                with tf.variable_scope(None, "layer"):
                    check("layer numbering", tf.get_variable("w", []).name, expected)
            with tf.variable_scope(default):
                pass
            with tf.variable_scope(None, "layer"):
                check("layer numbering after a jump", tf.get_variable("w", []).name, "default/layer_2/w:0")
        with tf.variable_scope("bar"):
            tf.get_variable_scope().set_initializer(tf.constant_initializer(0.3))
            init_v = tf.get_variable("v", [])
        check("initializer left the scope", tf.get_variable_scope().initializer, None)
        with tf.variable_scope("tower3", regularizer=lambda v: tf.reduce_mean(v) + 0.1):
            with tf.variable_scope("baz", regularizer=tf.no_regularizer):
                tf.get_variable("y", [])
            tf.get_variable("x", [], initializer=tf.constant_initializer(0.3))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = sess.run(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
            check("regularized loss value", [float(x) for x in losses], [float(np.float32(0.3) + np.float32(0.1))])
            check("scope initializer value", float(sess.run(init_v)), float(np.float32(0.3)))
        with tf.variable_scope("testGetCollection_foo_") as scope1:
            tf.get_variable("a", [])
            tf.get_variable("b", [], trainable=False)
        check("scope collection", [x.name for x in scope1.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)],
              ["testGetCollection_foo_/a:0", "testGetCollection_foo_/b:0"])
        check("invalid initializer without shape", error_of(lambda: tf.get_variable("foo", initializer=lambda x: [2])),
              ("ValueError", "The initializer passed is not valid. It should be a callable with no arguments and the "
                             "shape should not be provided or an instance of `tf.keras.initializers.*' and `shape` "
                             "should be fully defined."))
    with tf.Graph().as_default():
        tf.get_variable("d", [], synchronization=tf.VariableSynchronization.ON_READ)
        tf.get_variable("e", [], synchronization=tf.VariableSynchronization.ON_READ, trainable=True)
        tf.get_variable("f", [], synchronization=tf.VariableSynchronization.ON_WRITE)
        check("on-read variables are not trainable unless asked", [x.name for x in tf.trainable_variables()],
              ["e:0", "f:0"])
    with tf.Graph().as_default():
        with tf.Graph().as_default():
            check("two graphs", error_of(lambda: tf.variable_scope("_").__enter__())[0], "ValueError")


template_answers()
variable_scope_answers()
name_scope_answers()
empty_variable_scope_names()
custom_getter_answers()
string_default_initializer()
print(f"{len(failures)} mismatches")
sys.exit(1 if failures else 0)
