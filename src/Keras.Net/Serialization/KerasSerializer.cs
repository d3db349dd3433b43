// SPDX-License-Identifier: Apache-2.0
using System.Reflection;
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Layers;
using Keras.Net.Losses;
using Keras.Net.Metrics;
using Keras.Net.Optimizers;
using Keras.Net.Optimizers.Schedules;
using Keras.Net.Regularizers;

namespace Keras.Net.Serialization;

/// <summary>
/// Keras's <c>serialize</c> / <c>deserialize</c>: objects to <c>{"class_name": ..., "config": ...}</c> and back.
/// Only built-in classes, registered classes (<see cref="RegisterKerasSerializableAttribute"/>,
/// <see cref="KerasRegistry"/>) and the given custom objects are ever instantiated.
/// </summary>
public static partial class KerasSerializer
{
    /// <summary>Serializes a layer, model or other Keras object as tf.keras does: <c>{"class_name": C, "config": {...}}</c>.</summary>
    /// <param name="obj">A <see cref="Layer"/> or <see cref="IKerasSerializable"/>.</param>
    /// <returns>The serialized object.</returns>
    /// <exception cref="ArgumentException">The object has no Keras config.</exception>
    public static JsonObject Serialize(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        JsonObject config = obj switch
        {
            Layer layer => layer.GetConfig(),
            IKerasSerializable s => s.GetConfig(),
            _ => throw new ArgumentException($"Cannot serialize {obj.GetType().Name}: it is neither a Layer nor IKerasSerializable.", nameof(obj)),
        };
        string className = obj is Models.Model { IsGraphNetwork: true } m && m.GetType() == typeof(Models.Model)
            ? "Functional"
            : KerasRegistry.RegisteredName(obj.GetType());
        return new JsonObject { ["class_name"] = className, ["config"] = config };
    }

    /// <summary>Serializes an optional object (null stays null).</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The serialized form, or null.</returns>
    public static JsonNode? SerializeOptional(object? obj) => obj is null ? null : Serialize(obj);

    /// <summary>
    /// The name an activation function is written under: a built-in's name, a registered or in-scope custom
    /// function's name, else the method's name in snake_case (<c>CustomActivation</c> -&gt; <c>custom_activation</c>).
    /// </summary>
    /// <param name="activation">The function.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentException">An anonymous function that is not registered.</exception>
    public static string ActivationName(Func<Tensor, Tensor> activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        string? name = Keras.Net.Activations.NameOf(activation) ?? KerasRegistry.FunctionName(activation);
        if (name is not null)
        {
            return name;
        }

        string method = activation.Method.Name;
        if (method.Contains('<', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "Cannot serialize an anonymous activation function. Register it with KerasRegistry.RegisterFunction(\"name\", fn) or use a named method.",
                nameof(activation));
        }

        return Backend.NameRegistry.ToSnakeCase(method);
    }

    /// <summary>Deserializes an object (Keras's <c>deserialize(config, custom_objects)</c>).</summary>
    /// <typeparam name="T">The expected kind: <see cref="Layer"/>, <see cref="Initializer"/>, <see cref="Loss"/>, ...</typeparam>
    /// <param name="config">The serialized object (or, for some kinds, a name string).</param>
    /// <param name="customObjects">Names to classes (<see cref="Type"/>) or functions (delegates).</param>
    /// <returns>The new object.</returns>
    /// <exception cref="KerasFormatException">The config is malformed or names an unknown class.</exception>
    public static T Deserialize<T>(JsonNode config, IReadOnlyDictionary<string, object>? customObjects = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(config);
        return (T)Deserialize(config, typeof(T), new DeserializationContext(customObjects), "$")!;
    }

    internal static object? Deserialize(JsonNode? node, Type target, DeserializationContext ctx, string path)
    {
        if (node is null)
        {
            return null;
        }

        if (target == typeof(Func<Tensor, Tensor>))
        {
            return DeserializeActivation(node, ctx, path);
        }

        if (node is JsonValue v && v.TryGetValue(out string? name))
        {
            return FromName(name, target, ctx, path);
        }

        if (node is not JsonObject obj)
        {
            throw ctx.Error($"Expected an object with \"class_name\" and \"config\" for a {Kind(target) ?? target.Name}.", path);
        }

        string className = obj["class_name"] is JsonValue cn && cn.TryGetValue(out string? c)
            ? c
            : throw ctx.Error("The serialized object has no \"class_name\".", path);
        if (className == "function" && obj["config"] is JsonValue functionConfig && functionConfig.TryGetValue(out string? functionName))
        {
            // Keras 3 writes a plain function (a loss or metric given as a function) as
            // {"module": ..., "class_name": "function", "config": "<name>", "registered_name": ...}: it is the name.
            return FromName(functionName, target, ctx, path + ".config");
        }

        string? registeredName = obj["registered_name"] is JsonValue rn && rn.TryGetValue(out string? r) ? r : null;
        // Keras 3 looks custom classes up by registered_name ("package>Name"); it never names a built-in, and it
        // never overrides a class_name this library refuses (Lambda), so a file cannot smuggle one in.
        object? resolved = KerasRegistry.Resolve(className, Kind(target), ctx.CustomObjects)
            ?? (registeredName is null || className is "Lambda" or "DenseFeatures" ? null : KerasRegistry.ResolveCustom(registeredName, ctx.CustomObjects));
        if (resolved is null && typeof(Layer).IsAssignableFrom(target) && className is "Lambda" or "DenseFeatures")
        {
            throw ctx.Error(
                className == "Lambda"
                    ? "Lambda layers hold Python bytecode, which cannot run in .NET and is never executed when loading (it could run arbitrary code). " +
                      "Write the computation as a C# layer and pass it in customObjects under the name \"Lambda\" (it receives the Lambda config), or rebuild the model without the Lambda layer."
                    : "DenseFeatures layers run TensorFlow feature columns (Python graph code), which Keras.Net does not support. " +
                      "Rebuild the model with Keras preprocessing layers (e.g. Normalization, Embedding) or pass a C# layer in customObjects under the name \"DenseFeatures\".",
                path);
        }

        if (resolved is null)
        {
            string kind = Kind(target) ?? "object";
            throw ctx.Error(
                $"Unknown {kind}: '{ErrorText.Clip(className, 100)}'. Please ensure you are passing it in `customObjects` (e.g. new Dictionary<string, object> {{ [\"{ErrorText.Clip(className, 100)}\"] = typeof(...) }}), " +
                $"opening a CustomObjectScope with it, or marking the class [RegisterKerasSerializable].",
                path + ".class_name");
        }

        if (resolved is Delegate fn)
        {
            return WrapFunction(fn, className, target, ctx, path);
        }

        var type = (Type)resolved;
        if (!target.IsAssignableFrom(type))
        {
            throw ctx.Error($"'{className}' is a {type.Name}, which is not a {target.Name}.", path + ".class_name");
        }

        JsonNode? inner = obj["config"];
        return Instantiate(type, inner ?? new JsonObject(), ctx, path + ".config");
    }

    internal static object Instantiate(Type type, JsonNode config, DeserializationContext ctx, string path)
    {
        if (type == typeof(Models.Model))
        {
            return config is JsonObject functional
                ? Models.FunctionalConfig.Rebuild(functional, ctx, path)
                : throw ctx.Error("A functional model config must be an object.", path);
        }

        if (type == typeof(Models.Sequential))
        {
            return Models.Sequential.Rebuild(config, ctx, path);
        }

        MethodInfo? fromConfig = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .FirstOrDefault(m => m.Name == "FromConfig" && type.IsAssignableFrom(m.ReturnType) && m.GetParameters().Length >= 1
                && m.GetParameters()[0].ParameterType.IsAssignableFrom(config.GetType())
                && m.GetParameters().Skip(1).All(p => p.HasDefaultValue || p.ParameterType == typeof(IReadOnlyDictionary<string, object>)));
        if (fromConfig is not null)
        {
            object?[] args = fromConfig.GetParameters()
                .Select((p, i) => i == 0 ? config : p.ParameterType == typeof(IReadOnlyDictionary<string, object>) ? ctx.CustomObjects : p.DefaultValue)
                .ToArray();
            try
            {
                using var scope = ctx.CustomObjects is null ? null : new CustomObjectScope(ctx.CustomObjects);
                return fromConfig.Invoke(null, args)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                if (e.InnerException is KerasFormatException inner)
                {
                    string innerPath = inner.Path is { } p && p.StartsWith('$') ? path + p[1..] : path;
                    throw ctx.Error(inner.Detail, innerPath, inner);
                }

                throw ctx.Error($"{type.Name}.FromConfig failed: {e.InnerException.Message}", path, e.InnerException);
            }
        }

        if (config is not JsonObject obj)
        {
            throw ctx.Error($"The config of a {type.Name} must be an object.", path);
        }

        if (typeof(Models.Model).IsAssignableFrom(type) && obj["layers"] is JsonArray && obj["input_layers"] is not null)
        {
            return Models.FunctionalConfig.Rebuild(obj, ctx, path, type);
        }

        return ConfigBinder.Construct(type, obj, ctx, path);
    }

    internal static Func<Tensor, Tensor> DeserializeActivation(JsonNode? node, DeserializationContext ctx, string path)
    {
        if (node is null)
        {
            return Keras.Net.Activations.Linear;
        }

        if (node is JsonValue v && v.TryGetValue(out string? name))
        {
            object? custom = KerasRegistry.Resolve(name, null, ctx.CustomObjects);
            if (custom is Func<Tensor, Tensor> f)
            {
                return f;
            }

            if (Keras.Net.Activations.Names.Contains(name) || string.IsNullOrEmpty(name))
            {
                return Keras.Net.Activations.Get(name);
            }

            throw ctx.Error(
                $"Unknown activation function: '{name}'. Please ensure you are passing it in `customObjects` (as a Func<Tensor, Tensor>), opening a CustomObjectScope with it, or registering it with KerasRegistry.RegisterFunction(\"{name}\", fn).",
                path);
        }

        // A layer used as an activation (e.g. {"class_name": "LeakyReLU", ...}).
        var layer = (Layer)Deserialize(node, typeof(Layer), ctx, path)!;
        return x => layer.Apply(x);
    }

    private static object FromName(string name, Type target, DeserializationContext ctx, string path)
    {
        object? custom = KerasRegistry.Resolve(name, null, ctx.CustomObjects);
        if (custom is Delegate fn)
        {
            return WrapFunction(fn, name, target, ctx, path);
        }

        if (custom is Type t && target.IsAssignableFrom(t))
        {
            return Instantiate(t, new JsonObject(), ctx, path);
        }

        try
        {
            if (target == typeof(Initializer))
            {
                return Initializer.Get(name);
            }

            if (target == typeof(Regularizer))
            {
                return Regularizer.Get(name);
            }

            if (target == typeof(Constraint))
            {
                return Constraint.Get(name);
            }

            if (target == typeof(Optimizer))
            {
                return Optimizer.Get(name);
            }

            if (target == typeof(Loss))
            {
                return Loss.Get(name);
            }

            if (target == typeof(Metric))
            {
                return Metric.Get(name);
            }
        }
        catch (ArgumentException e)
        {
            throw ctx.Error(e.Message, path, e);
        }

        throw ctx.Error($"A {target.Name} cannot be created from the name '{name}'; expected an object with \"class_name\" and \"config\".", path);
    }

    private static object WrapFunction(Delegate fn, string name, Type target, DeserializationContext ctx, string path) => fn switch
    {
        Func<Tensor, Tensor, Tensor> f when target == typeof(Loss) || target == typeof(object) => new LossFunctionWrapper(f, name),
        Func<Tensor, Tensor, Tensor> f when target == typeof(Metric) => new MeanMetricWrapper(f, name),
        _ when target.IsInstanceOfType(fn) => fn,
        _ => throw ctx.Error($"'{name}' is a function ({fn.GetType().Name}), which cannot be used as a {target.Name}.", path),
    };

    /// <summary>The built-in kind of a target type, used to look built-ins up.</summary>
    internal static string? Kind(Type target) =>
        typeof(Layer).IsAssignableFrom(target) ? "layer"
        : typeof(Initializer).IsAssignableFrom(target) ? "initializer"
        : typeof(Regularizer).IsAssignableFrom(target) ? "regularizer"
        : typeof(Constraint).IsAssignableFrom(target) ? "constraint"
        : typeof(Optimizer).IsAssignableFrom(target) ? "optimizer"
        : typeof(Loss).IsAssignableFrom(target) ? "loss"
        : typeof(Metric).IsAssignableFrom(target) ? "metric"
        : typeof(LearningRateSchedule).IsAssignableFrom(target) ? "schedule"
        : null;
}
