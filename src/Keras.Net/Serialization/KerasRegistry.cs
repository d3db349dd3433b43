// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Reflection;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Layers;
using Keras.Net.Losses;
using Keras.Net.Metrics;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Regularizers;

namespace Keras.Net.Serialization;

/// <summary>
/// What configs may instantiate: the built-in classes (registered here explicitly, by kind), classes
/// marked <see cref="RegisterKerasSerializableAttribute"/> (found in loaded assemblies, keyed
/// <c>"Package&gt;Name"</c>), and functions registered by name. Nothing else is ever created from a config.
/// </summary>
public static class KerasRegistry
{
    private static readonly Dictionary<string, Dictionary<string, Type>> BuiltIns = CreateBuiltIns();

    /// <summary>The built-in classes of one kind (e.g. <c>layer</c>), by Keras class name (aliases included).</summary>
    internal static IReadOnlyDictionary<string, Type> BuiltInsOf(string kind) => BuiltIns[kind];
    private static readonly ConcurrentDictionary<string, object> Registered = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Assembly, bool> Scanned = new();

    /// <summary>Registers a function (activation, loss, metric or initializer function) under a name, globally.</summary>
    /// <param name="name">The name configs use (e.g. <c>custom_activation</c>).</param>
    /// <param name="function">The delegate.</param>
    public static void RegisterFunction(string name, Delegate function)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(function);
        Registered[name] = function;
    }

    /// <summary>Registers a class under a key (what <see cref="RegisterKerasSerializableAttribute"/> does automatically).</summary>
    /// <param name="key">The key (<c>"Package&gt;Name"</c>).</param>
    /// <param name="type">The class.</param>
    public static void RegisterClass(string key, Type type)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(type);
        Registered[key] = type;
    }

    /// <summary>The name a class is serialized under: its registration key, or its class name.</summary>
    /// <param name="type">The class.</param>
    /// <returns>The name.</returns>
    public static string RegisteredName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var attr = type.GetCustomAttribute<RegisterKerasSerializableAttribute>();
        return attr is null ? type.Name : $"{attr.Package}>{attr.Name ?? type.Name}";
    }

    /// <summary>The registered name of a function, if it is registered globally or in an active scope.</summary>
    /// <param name="function">The delegate.</param>
    /// <returns>The name, or null.</returns>
    public static string? FunctionName(Delegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        foreach (var (k, v) in Registered)
        {
            if (v is Delegate d && d.Equals(function))
            {
                return k;
            }
        }

        return CustomObjectScope.FindName(function);
    }

    /// <summary>
    /// Resolves a name to a class or function: <paramref name="customObjects"/>, then active
    /// <see cref="CustomObjectScope"/>s, then registered objects, then the built-ins of <paramref name="kind"/>.
    /// </summary>
    /// <param name="name">The class or function name from a config.</param>
    /// <param name="kind">The built-in kind to fall back on (<c>layer</c>, <c>initializer</c>, ...), or null.</param>
    /// <param name="customObjects">Names to types or delegates.</param>
    /// <returns>A <see cref="Type"/> or a <see cref="Delegate"/>, or null when unknown.</returns>
    public static object? Resolve(string name, string? kind, IReadOnlyDictionary<string, object>? customObjects = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ResolveCustom(name, customObjects) is { } custom)
        {
            return custom;
        }

        if (kind is not null && BuiltIns.TryGetValue(kind, out var table) && table.TryGetValue(name, out Type? builtIn))
        {
            return builtIn;
        }

        return null;
    }

    /// <summary>
    /// A user class or function by name (customObjects, scopes, <c>[RegisterKerasSerializable]</c>), never a built-in:
    /// how a Keras 3 <c>registered_name</c> is looked up, so it cannot bring back a class the file's
    /// <c>class_name</c> was refused for.
    /// </summary>
    internal static object? ResolveCustom(string name, IReadOnlyDictionary<string, object>? customObjects)
    {
        if (customObjects is not null && customObjects.TryGetValue(name, out object? custom))
        {
            return custom;
        }

        if (CustomObjectScope.TryGet(name, out object? scoped))
        {
            return scoped;
        }

        ScanLoadedAssemblies();
        return Registered.TryGetValue(name, out object? registered) ? registered : null;
    }

    private static void ScanLoadedAssemblies()
    {
        foreach (Assembly asm in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (asm.IsDynamic || !Scanned.TryAdd(asm, true))
            {
                continue;
            }

            Type[] types;
            try
            {
                types = asm.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types.Where(t => t is not null).ToArray()!;
            }

            foreach (Type t in types)
            {
                if (t.GetCustomAttribute<RegisterKerasSerializableAttribute>() is not null)
                {
                    Registered.TryAdd(RegisteredName(t), t);
                }
            }
        }
    }

    private static Dictionary<string, Dictionary<string, Type>> CreateBuiltIns()
    {
        static Dictionary<string, Type> Of(params Type[] types) => types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var layers = Of(typeof(InputLayer), typeof(Dense), typeof(Dropout), typeof(Activation), typeof(Flatten), typeof(Reshape),
            typeof(ReLU), typeof(Softmax), typeof(Add), typeof(Concatenate), typeof(Layers.Identity), typeof(Sequential), typeof(Model),
            typeof(LeakyReLU), typeof(ThresholdedReLU), typeof(ELU), typeof(PReLU), typeof(Conv1D), typeof(SimpleRNN), typeof(LSTM),
            typeof(Subtract), typeof(Multiply), typeof(Average), typeof(Maximum), typeof(Minimum), typeof(Embedding), typeof(Masking), typeof(Conv2D), typeof(Conv3D),
            typeof(MaxPooling1D), typeof(MaxPooling2D), typeof(MaxPooling3D), typeof(AveragePooling1D), typeof(AveragePooling2D), typeof(AveragePooling3D),
            typeof(GlobalMaxPooling1D), typeof(GlobalMaxPooling2D), typeof(GlobalMaxPooling3D), typeof(GlobalAveragePooling1D), typeof(GlobalAveragePooling2D), typeof(GlobalAveragePooling3D),
            typeof(BatchNormalization), typeof(Bidirectional), typeof(GRU),
            typeof(ZeroPadding1D), typeof(ZeroPadding2D), typeof(Cropping1D), typeof(Cropping2D), typeof(UpSampling1D), typeof(UpSampling2D), typeof(Permute), typeof(RepeatVector),
            typeof(SpatialDropout1D), typeof(SpatialDropout2D), typeof(GaussianNoise), typeof(GaussianDropout), typeof(ActivityRegularization), typeof(LayerNormalization), typeof(UnitNormalization), typeof(Rescaling),
            typeof(SeparableConv1D), typeof(SeparableConv2D), typeof(DepthwiseConv2D), typeof(TimeDistributed), typeof(Dot), typeof(Conv1DTranspose), typeof(Conv2DTranspose), typeof(GroupNormalization), typeof(AlphaDropout), typeof(Normalization), typeof(Attention), typeof(MultiHeadAttention), typeof(TorchModuleWrapper));
        layers["Functional"] = typeof(Model);
        foreach (int r in new[] { 1, 2, 3 })
        {
            layers[$"MaxPool{r}D"] = layers[$"MaxPooling{r}D"];
            layers[$"AvgPool{r}D"] = layers[$"AveragePooling{r}D"];
            layers[$"GlobalMaxPool{r}D"] = layers[$"GlobalMaxPooling{r}D"];
            layers[$"GlobalAvgPool{r}D"] = layers[$"GlobalAveragePooling{r}D"];
        }

        var initializers = Of(typeof(GlorotUniform), typeof(GlorotNormal), typeof(HeUniform), typeof(HeNormal), typeof(LecunUniform),
            typeof(LecunNormal), typeof(Zeros), typeof(Ones), typeof(Constant), typeof(RandomNormal), typeof(RandomUniform),
            typeof(TruncatedNormal), typeof(Orthogonal), typeof(Initializers.Identity), typeof(VarianceScaling));

        // Keras 3 registers these two under their class names (the LSTM's recurrent default writes "OrthogonalInitializer").
        initializers["OrthogonalInitializer"] = typeof(Orthogonal);
        initializers["IdentityInitializer"] = typeof(Initializers.Identity);
        var regularizers = Of(typeof(L1), typeof(L2), typeof(L1L2));
        var constraints = Of(typeof(MaxNorm), typeof(NonNeg), typeof(UnitNorm), typeof(MinMaxNorm));

        // Keras 3 matches optimizer class names case-insensitively (keras/src/optimizers/__init__.py lower-cases them).
        var optimizers = new Dictionary<string, Type>(Of(typeof(SGD), typeof(Adam), typeof(AdamW), typeof(RMSprop), typeof(Adagrad), typeof(Adadelta), typeof(Adamax), typeof(Nadam)), StringComparer.OrdinalIgnoreCase);
        foreach (Type t in optimizers.Values.ToList())
        {
            optimizers["Custom>" + t.Name] = t;
        }

        var losses = Of(typeof(Losses.MeanSquaredError), typeof(Losses.MeanAbsoluteError), typeof(MeanAbsolutePercentageError), typeof(MeanSquaredLogarithmicError),
            typeof(BinaryCrossentropy), typeof(CategoricalCrossentropy), typeof(SparseCategoricalCrossentropy), typeof(Huber), typeof(LogCosh),
            typeof(Hinge), typeof(SquaredHinge), typeof(CategoricalHinge), typeof(KLDivergence), typeof(Poisson), typeof(CosineSimilarity));
        var metrics = Of(typeof(BinaryAccuracy), typeof(CategoricalAccuracy), typeof(SparseCategoricalAccuracy), typeof(TopKCategoricalAccuracy),
            typeof(SparseTopKCategoricalAccuracy), typeof(Metrics.MeanAbsoluteError), typeof(Metrics.MeanSquaredError), typeof(RootMeanSquaredError),
            typeof(Precision), typeof(Recall), typeof(AUC), typeof(Mean), typeof(MeanMetricWrapper));
        var schedules = Of(typeof(Optimizers.Schedules.ExponentialDecay), typeof(Optimizers.Schedules.PiecewiseConstantDecay), typeof(Optimizers.Schedules.CosineDecay), typeof(Optimizers.Schedules.InverseTimeDecay),
            typeof(Optimizers.Schedules.PolynomialDecay), typeof(Optimizers.Schedules.CosineDecayRestarts));
        // Keras 3 also registers each initializer, regularizer, constraint and metric class under its snake_case name,
        // and a few initializer aliases (keras/src/<kind>/__init__.py ALL_OBJECTS_DICT).
        foreach (var table in new[] { initializers, regularizers, constraints, metrics })
        {
            foreach (var (name, type) in table.ToList())
            {
                table.TryAdd(Backend.NameRegistry.ToSnakeCase(name), type);
            }
        }

        regularizers["l1l2"] = typeof(L1L2); // Keras 3's to_snake_case does not split before a digit-only word
        initializers["uniform"] = typeof(RandomUniform);
        initializers["normal"] = typeof(RandomNormal);
        initializers["orthogonal"] = typeof(Orthogonal);
        initializers["one"] = typeof(Ones);
        initializers["zero"] = typeof(Zeros);
        metrics["mse"] = metrics["MSE"] = typeof(Metrics.MeanSquaredError);
        metrics["mae"] = metrics["MAE"] = typeof(Metrics.MeanAbsoluteError);
        return new Dictionary<string, Dictionary<string, Type>>(StringComparer.Ordinal)
        {
            ["schedule"] = schedules,
            ["layer"] = layers,
            ["initializer"] = initializers,
            ["regularizer"] = regularizers,
            ["constraint"] = constraints,
            ["optimizer"] = optimizers,
            ["loss"] = losses,
            ["metric"] = metrics,
        };
    }
}
