// The start and end of the QAT ResNet of the TREx corpus (examples/pytorch/resnet/A100/qat, TensorRT 8.4) as source
// for test/rules/build_models.py. The corpus holds no ONNX file for that engine, so the graph is written with onnx's
// helper API, its nodes named as pytorch-quantization's export named them (the names the engine's layers carry): input
// Q/DQ and weight Q/DQ into Conv_9, Relu_10, MaxPool_12, the next conv's Q/DQ pair; and its tail into the classifier:
// Relu_245, GlobalAveragePool_246. `extra` puts one more Q/DQ pair in front of the named node, as a QuantMaxPool2d /
// QuantAdaptiveAvgPool2d would. Used by the precision findings' tests and as the engine's model in the code-server e2e.
export const qatStem = (extra: string) => `
def qdq(x, q, dq):
    return [h.make_node("QuantizeLinear", [x, "s", "z"], [q + "_out"], name=q),
            h.make_node("DequantizeLinear", [q + "_out", "s", "z"], [dq + "_out"], name=dq)]
def maybe(x, before):
    if before != "${extra}":
        return [], x
    return qdq(x, "QuantizeLinear_before_" + before, "DequantizeLinear_before_" + before), "DequantizeLinear_before_" + before + "_out"
n = qdq("input.1", "QuantizeLinear_2", "DequantizeLinear_3") + qdq("conv1.weight", "QuantizeLinear_7", "DequantizeLinear_8")
n += [h.make_node("Conv", ["DequantizeLinear_3_out", "DequantizeLinear_8_out"], ["c9"], name="Conv_9", pads=[3, 3, 3, 3], strides=[2, 2]),
      h.make_node("Relu", ["c9"], ["r10"], name="Relu_10")]
pre, x = maybe("r10", "MaxPool_12")
n += pre + [h.make_node("MaxPool", [x], ["inputs"], name="MaxPool_12", kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2])]
n += qdq("inputs", "QuantizeLinear_15", "DequantizeLinear_16") + qdq("layer1.0.conv1.weight", "QuantizeLinear_20", "DequantizeLinear_21")
n += [h.make_node("Conv", ["DequantizeLinear_16_out", "DequantizeLinear_21_out"], ["c22"], name="Conv_22", pads=[1, 1, 1, 1])]
n += [h.make_node("Relu", ["tail"], ["r245"], name="Relu_245")]
pre, x = maybe("r245", "GlobalAveragePool_246")
n += pre + [h.make_node("GlobalAveragePool", [x], ["gap"], name="GlobalAveragePool_246")]
m = model(n,
    [vi("input.1", shape=[32, 3, 224, 224]), vi("conv1.weight", shape=[64, 3, 7, 7]),
     vi("layer1.0.conv1.weight", shape=[64, 64, 3, 3]), vi("tail", shape=[32, 512, 7, 7])],
    [vi("c22", shape=[32, 64, 56, 56]), vi("gap", shape=[32, 512, 1, 1])],
    [const("s", 0.02), const("z", 0, np.int8)])
`;
