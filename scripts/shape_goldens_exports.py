"""The model exports of gen-shape-goldens.py (run on the device machine with PyTorch 2.11 and onnx 1.23): small fresh
models across families into models_dir, and re-exports of the corpus's models ("twins") into twins_dir. Each export's
outcome goes into `log` under its name."""
import glob
import os
import time
import traceback

import onnx


def export_fixtures(models_dir, log):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import torchvision  # noqa: F401 (registers torch.ops.torchvision)

    torch.manual_seed(0)

    def save(name, model, args, input_names, output_names, dynamic_axes, opset, dynamo=False):
        path = os.path.join(models_dir, name + ".onnx")
        t = time.time()
        try:
            model = model.eval()
            kw = dict(input_names=input_names, output_names=output_names, opset_version=opset)
            if dynamo:
                torch.onnx.export(model, args, path, dynamo=True, dynamic_axes=dynamic_axes, **kw)
                m = onnx.load(path)
                onnx.save_model(m, path)  # weights inline (they are small)
                for extra in glob.glob(path + ".data"):
                    os.remove(extra)
            else:
                torch.onnx.export(model, args, path, dynamo=False, dynamic_axes=dynamic_axes, **kw)
            size = os.path.getsize(path)
            assert size < 2_000_000, f"{name} is {size} bytes"
            log[name] = dict(ok=True, bytes=size, secs=round(time.time() - t, 1))
        except Exception as e:  # keep going: one family failing must not lose the others
            log[name] = dict(ok=False, err=repr(e)[:300])
            traceback.print_exc()
            if os.path.exists(path):
                os.remove(path)
        print(name, log[name], flush=True)

    class TinyResNet(nn.Module):
        def __init__(s):
            super().__init__()
            s.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1), nn.BatchNorm2d(16), nn.ReLU())
            s.block = nn.Sequential(nn.Conv2d(16, 16, 3, 1, 1), nn.BatchNorm2d(16), nn.ReLU(), nn.Conv2d(16, 16, 3, 1, 1))
            s.down = nn.Conv2d(16, 32, 3, 2, 1)
            s.pool = nn.AdaptiveAvgPool2d(1)
            s.fc = nn.Linear(32, 10)

        def forward(s, x):
            x = s.stem(x)
            x = F.relu(x + s.block(x))
            x = F.max_pool2d(s.down(x), 2, ceil_mode=True)
            return F.softmax(s.fc(torch.flatten(s.pool(x), 1)), -1)

    img = torch.randn(2, 3, 64, 64)
    dyn_img = {"image": {0: "batch", 2: "height", 3: "width"}}
    save("cnn_resnet_op13", TinyResNet(), (img,), ["image"], ["probs"], dyn_img, 13)
    save("cnn_resnet_dynamo_op18", TinyResNet(), (img,), ["image"], ["probs"], dyn_img, 18, dynamo=True)

    class TinyDetector(nn.Module):
        def __init__(s):
            super().__init__()
            s.backbone = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), nn.ReLU(), nn.Conv2d(8, 8, 3, 2, 1), nn.ReLU())
            s.box = nn.Conv2d(8, 4, 1)
            s.cls = nn.Conv2d(8, 1, 1)

        def forward(s, x):
            f = s.backbone(x)
            boxes = s.box(f).flatten(2).transpose(1, 2)[0]  # (anchors, 4)
            boxes = torch.cat([boxes[:, :2], boxes[:, :2] + boxes[:, 2:].abs() + 1], 1)
            scores = torch.sigmoid(s.cls(f).flatten())
            keep = torch.ops.torchvision.nms(boxes, scores, 0.5)  # the op itself: ops.nms asserts a CUDA build
            kept = boxes[keep]
            positive = torch.nonzero(scores[keep] > 0.3).squeeze(1)
            top = torch.topk(scores, k=min(5, scores.shape[0])).indices
            return kept[positive], scores[top]

    save("det_nms_op11", TinyDetector(), (torch.randn(1, 3, 64, 64),), ["image"], ["boxes", "top_scores"],
         {"image": {2: "height", 3: "width"}}, 11)

    class Decoder(nn.Module):
        def __init__(s, vocab=50, d=32, heads=4, layers=2):
            super().__init__()
            s.heads, s.hd = heads, d // heads
            s.emb = nn.Embedding(vocab, d)
            s.qkv = nn.ModuleList(nn.Linear(d, 3 * d) for _ in range(layers))
            s.proj = nn.ModuleList(nn.Linear(d, d) for _ in range(layers))
            s.norm = nn.LayerNorm(d)
            s.head = nn.Linear(d, vocab)

        def forward(s, ids, past_k, past_v):
            x = s.emb(ids)
            b, t = ids.shape
            presents_k, presents_v = [], []
            for i, (qkv, proj) in enumerate(zip(s.qkv, s.proj)):
                q, k, v = qkv(s.norm(x)).split(x.shape[-1], -1)
                q, k, v = (z.view(b, t, s.heads, s.hd).transpose(1, 2) for z in (q, k, v))
                k = torch.cat([past_k[i], k], 2)
                v = torch.cat([past_v[i], v], 2)
                presents_k.append(k)
                presents_v.append(v)
                total = k.shape[2]
                mask = torch.ones(t, total, dtype=torch.bool).tril(total - t)
                att = (q @ k.transpose(-1, -2)) / (s.hd**0.5)
                att = att.masked_fill(~mask, float("-inf")).softmax(-1)
                x = x + proj((att @ v).transpose(1, 2).reshape(b, t, -1))
            return s.head(x), torch.stack(presents_k), torch.stack(presents_v)

    ids = torch.randint(0, 50, (2, 5))
    past = torch.randn(2, 2, 4, 3, 8)
    dyn_kv = {"ids": {0: "batch", 1: "seq"}, "past_k": {1: "batch", 3: "past"}, "past_v": {1: "batch", 3: "past"}}
    save("gpt_kv_cache_op14", Decoder(), (ids, past, past), ["ids", "past_k", "past_v"],
         ["logits", "present_k", "present_v"], dyn_kv, 14)
    save("gpt_kv_cache_dynamo_op18", Decoder(), (ids, past, past), ["ids", "past_k", "past_v"],
         ["logits", "present_k", "present_v"], dyn_kv, 18, dynamo=True)

    class Audio(nn.Module):
        def __init__(s):
            super().__init__()
            s.conv = nn.Conv1d(40, 32, 3, padding=1)
            s.lstm = nn.LSTM(32, 24, batch_first=True, bidirectional=True)
            s.gru = nn.GRU(48, 16, batch_first=True)
            s.out = nn.Linear(16, 12)

        def forward(s, feats):
            x = F.relu(s.conv(feats)).transpose(1, 2)
            x, _ = s.lstm(x)
            x, h = s.gru(x)
            return F.log_softmax(s.out(x), -1), h

    save("audio_rnn_op14", Audio(), (torch.randn(2, 40, 50),), ["features"], ["log_probs", "hidden"],
         {"features": {0: "batch", 2: "frames"}}, 14)

    class Spectrogram(nn.Module):
        def forward(s, wave):
            spec = torch.stft(wave, n_fft=64, hop_length=16, window=torch.hann_window(64), return_complex=False)
            return spec.pow(2).sum(-1).clamp(min=1e-6).log()

    save("audio_stft_op17", Spectrogram(), (torch.randn(2, 800),), ["wave"], ["logspec"],
         {"wave": {0: "batch", 1: "samples"}}, 17)

    class TinyUNet(nn.Module):
        def __init__(s):
            super().__init__()
            s.e1 = nn.Conv2d(3, 8, 3, padding=1)
            s.e2 = nn.Conv2d(8, 16, 3, padding=1)
            s.up = nn.ConvTranspose2d(16, 8, 2, stride=2)
            s.d1 = nn.Conv2d(16, 8, 3, padding=1)
            s.head = nn.Conv2d(8, 4, 1)

        def forward(s, x):
            a = F.relu(s.e1(x))
            b = F.relu(s.e2(F.max_pool2d(a, 2)))
            c = F.relu(s.d1(torch.cat([a, s.up(b)], 1)))
            c = F.interpolate(c, scale_factor=0.5, mode="bilinear", align_corners=False)
            c = F.interpolate(c, size=x.shape[2:], mode="nearest")
            return s.head(c).argmax(1)

    save("seg_unet_op13", TinyUNet(), (torch.randn(1, 3, 32, 48),), ["image"], ["mask"], dyn_img, 13)
    save("seg_unet_op17", TinyUNet(), (torch.randn(1, 3, 32, 48),), ["image"], ["mask"], dyn_img, 17)

    class Control(nn.Module):
        def forward(s, x, n: int):
            for _ in range(n):
                x = x * 2 + 1
            if x.sum() > 0:
                y = x.relu()
            else:
                y = x.abs().unsqueeze(0).squeeze(0)
            return y

    try:
        scripted = torch.jit.script(Control())
        save("control_loop_if_op13", scripted, (torch.randn(3, 4), 3), ["x", "n"], ["y"], {"x": {0: "rows"}}, 13)
    except Exception as e:
        log["control_loop_if_op13"] = dict(ok=False, err=repr(e)[:300])


def export_corpus_twins(twins_dir, log):
    import torch
    import torchvision.models as tvm

    torch.manual_seed(0)

    def save(name, make, args, input_names, output_names, dynamic_axes, opset, dynamo=False):
        path = os.path.join(twins_dir, name + ".onnx")
        try:
            kw = dict(input_names=input_names, output_names=output_names, opset_version=opset)
            if dynamo:
                torch.onnx.export(make().eval(), args, path, dynamo=True, dynamic_shapes=dynamic_axes, **kw,
                                  external_data=True)
            else:
                torch.onnx.export(make().eval(), args, path, dynamo=False, dynamic_axes=dynamic_axes, **kw)
            log["twin:" + name] = dict(ok=True)
        except Exception as e:
            log["twin:" + name] = dict(ok=False, err=repr(e)[:300])
        print("twin", name, log["twin:" + name], flush=True)

    x = torch.randn(1, 3, 224, 224)
    save("resnet50_op17", lambda: tvm.resnet50(), (x,), ["input"], ["logits"],
         {"input": {0: "batch"}, "logits": {0: "batch"}}, 17)
    save("mobilenet_v3_small_op13", lambda: tvm.mobilenet_v3_small(), (x,), ["input"], ["logits"],
         {"input": {0: "batch"}}, 13)
    save("vit_b_16_op17", lambda: tvm.vit_b_16(), (x,), ["pixel_values"], ["logits"], {"pixel_values": {0: "batch"}}, 17)
    save("squeezenet_op9", lambda: tvm.squeezenet1_1(), (x,), ["data"], ["prob"], {"data": {0: "N"}}, 9)
    from torchvision.models.detection import fasterrcnn_mobilenet_v3_large_320_fpn

    save("fasterrcnn_mnv3_op11", lambda: fasterrcnn_mobilenet_v3_large_320_fpn(weights=None, weights_backbone=None),
         ([torch.rand(3, 320, 320)],), ["images"], ["boxes", "labels", "scores"], {"images": {1: "h", 2: "w"}}, 11)
    try:
        from transformers import BertConfig, BertModel, LlamaConfig, LlamaForCausalLM
    except Exception as e:
        log["twin:transformers"] = dict(ok=False, err=repr(e)[:300])
        return
    ids = torch.randint(0, 1000, (1, 16))
    mask = torch.ones(1, 16, dtype=torch.long)

    class Wrap(torch.nn.Module):
        def __init__(s, m):
            super().__init__()
            s.m = m

        def forward(s, input_ids, attention_mask):
            return s.m(input_ids=input_ids, attention_mask=attention_mask)[0]

    dyn = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "out": {0: "batch", 1: "seq"}}
    save("bert_base_op14", lambda: Wrap(BertModel(BertConfig())), (ids, mask), ["input_ids", "attention_mask"], ["out"],
         dyn, 14)
    save("llama_tiny_op17", lambda: Wrap(LlamaForCausalLM(LlamaConfig(
        hidden_size=256, intermediate_size=512, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=4,
        vocab_size=1000))), (ids, mask), ["input_ids", "attention_mask"], ["out"], dyn, 17)
    save("resnet50_dynamo_op18", lambda: tvm.resnet50(), (x,), ["input"], ["logits"], None, 18, dynamo=True)
