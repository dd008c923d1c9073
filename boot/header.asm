; Multiboot headers: one image for GRUB's `multiboot`, GRUB's `multiboot2`
; and QEMU's -kernel (which speaks Multiboot 1 only).
; Multiboot 1 spec 3.1: the header must lie in the first 8 KiB, 4-aligned.
; Multiboot 2 spec 3.1: the header must lie in the first 32 KiB, 8-aligned.

MB1_MAGIC	equ 0x1BADB002
MB1_FLAGS	equ 0x00000003	; bit 0: page-align modules, bit 1: memory map
MB2_MAGIC	equ 0xE85250D6
MB2_ARCH_I386	equ 0

section .multiboot
align 4
mb1_header:
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd -(MB1_MAGIC + MB1_FLAGS)

align 8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	; Information request tag: we cannot boot without a command line,
	; basic memory sizes and the memory map (types 1, 4, 6).
	align 8
	dw 1, 0
	dd 20
	dd 1, 4, 6
	align 8
	; Modules page aligned, like MB1 flag bit 0.
	dw 6, 0
	dd 8
	align 8
	dw 0, 0			; end tag
	dd 8
mb2_header_end:
