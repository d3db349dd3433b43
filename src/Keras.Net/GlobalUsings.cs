// SPDX-License-Identifier: Apache-2.0
global using Tensor = TorchSharp.torch.Tensor;
